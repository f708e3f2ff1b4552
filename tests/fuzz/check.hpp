// What the fuzz targets share: a loud failure that libFuzzer reports as a crash, with the
// property that broke (the input is saved by libFuzzer as crash-<sha1>; docs/fuzzing.md).
#pragma once

#include <cstdio>
#include <cstdlib>

#define HUIWU_FUZZ_CHECK(cond)                                                           \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

#include <google/protobuf/stubs/logging.h>

// libprotobuf logs every string field with invalid UTF-8 it refuses; a fuzzer meets
// thousands. Silenced in the targets that parse protobuf (LLVMFuzzerInitialize).
inline void huiwu_fuzz_quiet_protobuf() {
  google::protobuf::SetLogHandler(nullptr);
}
