#include "followup/opc_package.hpp"

#include <algorithm>

namespace huiwu::followup {
namespace {

// Names and URIs are ours (ASCII, no markup characters), never user text.
std::string rels_part_name(std::string_view source) {
  if (source.empty()) return "_rels/.rels";
  const auto slash = source.rfind('/');
  const std::string_view folder =
      slash == std::string_view::npos ? "" : source.substr(0, slash + 1);
  const std::string_view file = slash == std::string_view::npos ? source : source.substr(slash + 1);
  return std::string(folder) + "_rels/" + std::string(file) + ".rels";
}

}  // namespace

std::string relationship_type(std::string_view name) {
  return "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + std::string(name);
}

void opc_package::add(std::string name, std::string content_type, std::string xml) {
  parts_.push_back({std::move(name), std::move(content_type), std::move(xml)});
}

void opc_package::relate(std::string_view source, std::string type, std::string target) {
  rels_.push_back({std::string(source), std::move(type), std::move(target)});
}

std::string opc_package::content_types_xml() const {
  std::string out(xml_declaration);
  out +=
      R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
      R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
      R"(<Default Extension="xml" ContentType="application/xml"/>)";
  for (const auto& p : parts_) {
    out += R"(<Override PartName="/)" + p.name + R"(" ContentType=")" + p.content_type + R"("/>)";
  }
  return out + "</Types>";
}

std::string opc_package::rels_xml(std::string_view source) const {
  std::string out(xml_declaration);
  out += R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  int id = 0;
  for (const auto& r : rels_) {
    if (r.source != source) continue;
    out += R"(<Relationship Id="rId)" + std::to_string(++id) + R"(" Type=")" + r.type +
           R"(" Target=")" + r.target + R"("/>)";
  }
  return out + "</Relationships>";
}

result<std::string> opc_package::write(zip_writer::method how) const {
  zip_writer zip;
  auto has_rels = [&](std::string_view source) {
    return std::any_of(rels_.begin(), rels_.end(),
                       [&](const auto& r) { return r.source == source; });
  };
  std::vector<std::pair<std::string, std::string>> entries;
  entries.emplace_back("[Content_Types].xml", content_types_xml());
  if (has_rels("")) entries.emplace_back(rels_part_name(""), rels_xml(""));
  for (const auto& p : parts_) {
    entries.emplace_back(p.name, p.xml);
    if (has_rels(p.name)) entries.emplace_back(rels_part_name(p.name), rels_xml(p.name));
  }
  for (const auto& [name, data] : entries) {
    if (auto added = zip.add(name, data, how); !added) return added.error();
  }
  return zip.finish();
}

}  // namespace huiwu::followup
