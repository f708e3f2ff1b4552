// The Office package writer shared by the XLSX and DOCX exports: content types and
// relationship parts come from what a writer adds, in a deterministic order.
#include "followup/opc_package.hpp"

#include <gtest/gtest.h>

#include "../export/zip_read.hpp"

namespace huiwu::followup {
namespace {

TEST(OpcPackage, WritesContentTypesAndEachSourcesRelationships) {
  opc_package pkg;
  pkg.add("word/document.xml", "application/x-doc+xml", "<doc/>");
  pkg.add("word/styles.xml", "application/x-styles+xml", "<styles/>");
  pkg.relate("", relationship_type("officeDocument"), "word/document.xml");
  pkg.relate("word/document.xml", relationship_type("styles"), "styles.xml");
  const auto zip = pkg.write();
  ASSERT_TRUE(zip);
  const auto parts = test::unzip(*zip);
  ASSERT_EQ(parts.size(), 5u);
  const auto& ct = parts.at("[Content_Types].xml");
  EXPECT_NE(
      ct.find(R"(<Override PartName="/word/document.xml" ContentType="application/x-doc+xml"/>)"),
      std::string::npos);
  EXPECT_NE(ct.find(R"(<Default Extension="rels")"), std::string::npos);
  EXPECT_NE(
      parts.at("_rels/.rels")
          .find(
              R"(Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml")"),
      std::string::npos);
  EXPECT_NE(parts.at("word/_rels/document.xml.rels").find(R"(Target="styles.xml")"),
            std::string::npos);
  EXPECT_EQ(parts.count("word/_rels/styles.xml.rels"), 0u);  // no relationships, no part
  EXPECT_EQ(parts.at("word/styles.xml"), "<styles/>");
  EXPECT_EQ(*pkg.write(), *zip);  // deterministic
}

TEST(OpcPackage, ARepeatedPartNameIsRefused) {
  opc_package pkg;
  pkg.add("a.xml", "application/xml", "<a/>");
  pkg.add("a.xml", "application/xml", "<b/>");
  const auto zip = pkg.write();
  ASSERT_FALSE(zip);
  EXPECT_FALSE(zip.error().message.empty());
}

}  // namespace
}  // namespace huiwu::followup
