// An Office Open XML package (ECMA-376 Part 2, Open Packaging Conventions) as the XLSX
// and DOCX writers need it: parts with their content types, relationships between them,
// written into one deterministic ZIP. It writes [Content_Types].xml (a Default for .rels
// and .xml, an Override per part) and each source's _rels part from what was added, so
// a writer states only its own parts and how they relate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "followup/result.hpp"
#include "followup/zip_writer.hpp"

namespace huiwu::followup {

// The declaration every XML part of a package starts with.
inline constexpr std::string_view xml_declaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

// Relationship types (officeDocument/2006/relationships/<name>).
std::string relationship_type(std::string_view name);

class opc_package {
 public:
  // A part: its name in the package (no leading '/'), its content type, its XML.
  void add(std::string name, std::string content_type, std::string xml);
  // A relationship from `source` (a part's name, or "" for the package itself) to
  // `target`, written relative to the source's folder, of `type` (a full URI). Ids are
  // rId1, rId2… per source in the order of the calls.
  void relate(std::string_view source, std::string type, std::string target);

  // The ZIP: [Content_Types].xml, the package's relationships, then each part followed
  // by its own relationships, in the order added. The reason on failure (zip_writer's).
  result<std::string> write(zip_writer::method how = zip_writer::method::deflated) const;

 private:
  struct part {
    std::string name, content_type, xml;
  };
  struct relationship {
    std::string source, type, target;
  };
  std::string content_types_xml() const;
  std::string rels_xml(std::string_view source) const;

  std::vector<part> parts_;
  std::vector<relationship> rels_;
};

}  // namespace huiwu::followup
