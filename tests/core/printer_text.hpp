#pragma once

#include <iterator>

// Code points protobuf's JSON printer treats differently (escapes by name, \u escapes, the
// ones it escapes beyond ASCII, and their neighbours it does not, from every lead byte the
// hand-written printer tells apart): the generators of hot_json_test.cpp and frame_test.cpp
// draw their text from here.
namespace huiwu::core::printer_test {

inline constexpr char32_t printer_pool[] = {
    U'a',   U'Z',   U'0',   U' ',    U'"',    U'\\',   U'/',    U'<',    U'>',     U'&',   U'\'',
    0x00,   0x01,   0x08,   0x09,    0x0A,    0x0C,    0x0D,    0x1F,    0x7F,     0x80,   0x9F,
    0xA0,   0xAD,   0xE9,   0x600,   0x6DD,   0x70F,   0x17B4,  0x17B6,  0x200B,   0x200F, 0x201C,
    0x2028, 0x2029, 0x202E, 0x2060,  0x2065,  0x206F,  0x4F1A,  0x8BAE,  0x3002,   0xFEFF, 0xFF0C,
    0xFFF9, 0xFFFC, 0xFFFD, 0x1F600, 0x1D173, 0xE0001, 0xE0041, 0xE0080, 0x10FFFF, 0x20000};

}  // namespace huiwu::core::printer_test
