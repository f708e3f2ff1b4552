// The type of a material comes from its bytes: real files made by LibreOffice and by
// make_samples.py, and files whose names lie.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "materials/sniff.hpp"

namespace huiwu::materials {
namespace {

std::string sample(const std::string& name) {
  std::ifstream in(std::string(HUIWU_MATERIAL_SAMPLES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(Sniff, RealDocumentsAreKnownByTheirContent) {
  EXPECT_EQ(sniff(sample("outline.pdf")).type, "pdf");    // LibreOffice Writer
  EXPECT_EQ(sniff(sample("outline.docx")).type, "docx");  // LibreOffice Writer
  EXPECT_EQ(sniff(sample("budget.xlsx")).type, "xlsx");
  EXPECT_EQ(sniff(sample("slides.pptx")).type, "pptx");
  EXPECT_EQ(sniff(sample("seal.png")).type, "png");
  EXPECT_EQ(sniff(sample("stripe.jpg")).type, "jpeg");
  EXPECT_EQ(sniff(sample("outline.docx")).mime,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(sniff(sample("outline.pdf")).mime, "application/pdf");
}

TEST(Sniff, ANameIsNeverBelieved) {
  EXPECT_EQ(sniff(sample("setup.exe.pdf")).type, "");   // a Windows program named .pdf
  EXPECT_EQ(sniff(sample("notes.txt.docx")).type, "");  // text named .docx
  EXPECT_EQ(sniff(sample("plain.zip.docx")).type, "");  // a ZIP that is no office document
  EXPECT_EQ(sniff(sample("macro.docm")).type, "");      // Word with macros
}

TEST(Sniff, TruncatedAndHostileContainersAreRefusedNotCrashedOn) {
  const auto docx = sample("outline.docx");
  for (std::size_t cut : {4u, 30u, 100u, 1000u}) {
    EXPECT_EQ(sniff(docx.substr(0, docx.size() - cut)).type, "") << cut;
  }
  std::string bad = docx;
  // Central directory offset pointing past the end.
  const auto eocd = bad.rfind(std::string("PK\x05\x06", 4));
  ASSERT_NE(eocd, std::string::npos);
  bad[eocd + 16] = '\xff';
  bad[eocd + 17] = '\xff';
  bad[eocd + 18] = '\xff';
  bad[eocd + 19] = '\x7f';
  EXPECT_EQ(sniff(bad).type, "");
  EXPECT_EQ(sniff("").type, "");
  EXPECT_EQ(sniff("PK\x03\x04").type, "");
}

}  // namespace
}  // namespace huiwu::materials
