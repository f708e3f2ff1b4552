// What a file is, from its bytes alone (decision 0027): the name a browser sends is never
// believed. PDF, PNG and JPEG by their signatures; DOCX, XLSX and PPTX are ZIP packages told
// apart by the main part's content type in [Content_Types].xml (macro-enabled variants,
// .docm and the like, are refused: their main part has another type).
#pragma once

#include <string>
#include <string_view>

namespace huiwu::materials {

struct sniffed {
  std::string type;       // pdf, docx, xlsx, pptx, png, jpeg; "" = not one of them
  std::string mime;       // the Content-Type a download is served with
  std::string extension;  // ".pdf", ...
};

sniffed sniff(std::string_view bytes);

// The MIME type and extension of a known type name ("" for an unknown one).
sniffed describe(std::string_view type);

}  // namespace huiwu::materials
