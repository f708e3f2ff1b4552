// The materials' blob directory and the sink an upload's body is streamed into
// (material_routes.cpp; decisions 0032 and 0039).
#pragma once

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>

#include "materials/blob_store.hpp"
#include "materials/blob_writer.hpp"
#include "net/server_context.hpp"

namespace huiwu::app {

// The blob directory, opened (created) at the first upload or download: a server that never
// sees a material never touches the disk. Its pool does the blocking file work of an upload
// (every chunk's write and hash, type, fsync, rename), off the network threads and off the
// meeting's strand.
struct material_store {
  explicit material_store(std::string root) : blobs(std::move(root)) {}
  materials::blob_store blobs;
  boost::asio::thread_pool pool{2};
  std::mutex mu;
  bool opened = false;
  std::error_code open() {
    std::lock_guard lock(mu);
    if (opened) return {};
    auto ec = blobs.open();
    opened = !ec;
    return ec;
  }
};

// An upload's body as the HTTP session streams it: into a .part file, hashed. The session
// stages each read's bytes here on its network thread; flush() writes and hashes them on the
// store's pool (decision 0039). The session flushes one read at a time and waits for it, so
// the writes of one upload run in order and at most two buffers of one read are held.
struct blob_sink final : net::upload_sink, std::enable_shared_from_this<blob_sink> {
  blob_sink(std::unique_ptr<materials::blob_writer> w, std::shared_ptr<material_store> s)
      : writer(std::move(w)), store(std::move(s)) {}
  void stage(std::string_view chunk) override { staged_.append(chunk); }
  std::size_t staged() const override { return staged_.size(); }
  void flush(std::function<void(std::error_code)> done) override {
    writing_.swap(staged_);  // writing_ is empty: the previous flush has finished
    boost::asio::post(store->pool, [self = shared_from_this(), done = std::move(done)] {
      const auto ec = self->writer->write(self->writing_);
      self->writing_.clear();  // keeps its capacity for the next read
      done(ec);
    });
  }
  std::uint64_t size() const override { return writer->size(); }
  std::unique_ptr<materials::blob_writer> writer;
  std::shared_ptr<material_store> store;

 private:
  std::string staged_;   // the network thread's, between flushes
  std::string writing_;  // the pool's, during a flush
};

}  // namespace huiwu::app
