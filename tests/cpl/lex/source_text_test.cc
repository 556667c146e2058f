// SourceText: offsets to file:line:col, computed on demand.
#include "cpl/source/source_text.h"

#include <gtest/gtest.h>

#include <ostream>

namespace cocoplane {
// Readable failure messages.
void PrintTo(const Location& loc, std::ostream* os) {
  *os << loc.ToString() << " length " << loc.length;
}
}  // namespace cocoplane

namespace cocoplane::cpl {
namespace {

TEST(SourceTextTest, LocatesOffsetsAsOneBasedLineAndByteColumn) {
  SourceText src("policies/a.cpl", "ab\ncdé\n\nx");
  EXPECT_EQ(src.Locate({0, 2}), (Location{"policies/a.cpl", 1, 1, 2}));
  EXPECT_EQ(src.Locate({4, 1}), (Location{"policies/a.cpl", 2, 2, 1}));
  // Offset 8 is the newline that ends the empty third line.
  EXPECT_EQ(src.Locate({8, 1}), (Location{"policies/a.cpl", 3, 1, 0}));
  EXPECT_EQ(src.Locate({9, 1}), (Location{"policies/a.cpl", 4, 1, 1}));
}

TEST(SourceTextTest, ClipsTheLengthToTheLine) {
  SourceText src("a.cpl", "abc\ndef");
  EXPECT_EQ(src.Locate({1, 10}).length, 2u);
}

TEST(SourceTextTest, LocatesTheEndOfTheText) {
  SourceText src("a.cpl", "ab\n");
  EXPECT_EQ(src.Locate({3, 0}), (Location{"a.cpl", 2, 1, 0}));
  EXPECT_EQ(src.Locate({99, 1}), (Location{"a.cpl", 2, 1, 0}));
}

TEST(SourceTextTest, CoversTwoSpans) {
  EXPECT_EQ(Span::Cover({4, 2}, {1, 1}), (Span{1, 5}));
}

}  // namespace
}  // namespace cocoplane::cpl
