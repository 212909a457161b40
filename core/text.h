#pragma once
// core: UTF-8 text helpers shared by the whole project. Plain code, no ICU.
// Thread-safety: pure functions.
#include <string>
#include <string_view>
#include <vector>

namespace huicai {

// Removes leading and trailing ASCII space/tab/CR/LF, U+00A0, U+3000 and U+FEFF.
std::string Trim(std::string_view text);

// U+FF01..U+FF5E -> ASCII 0x21..0x7E, U+3000 -> ' '; everything else unchanged.
std::string FullWidthToHalfWidth(std::string_view text);

// Well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool IsValidUtf8(std::string_view text);

// One string per code point. Invalid bytes come out as single-byte strings.
std::vector<std::string> SplitCodePoints(std::string_view text);

// Decodes UTF-8 to code points; an invalid byte becomes U+FFFD.
std::u32string DecodeUtf8(std::string_view text);

// Encodes one code point as UTF-8 (appends to out).
void AppendUtf8(char32_t cp, std::string& out);

// CJK unified ideographs (incl. extensions A-H and compatibility ideographs) and U+3007 〇.
bool IsHan(char32_t cp);

// Bytes as lower-case hex, two characters each ("\x0f\xa0" -> "0fa0"): digests, keys.
std::string LowerHex(std::string_view bytes);

// Splits on sep; keeps empty fields ("a,,b" -> "a","","b"; "" -> one empty field).
std::vector<std::string> Split(std::string_view text, char sep);

// An ODBC connection string with PWD=/Password= values replaced by "***" (braced values too),
// for logs, errors and display.
std::string RedactConnectionString(std::string_view connection_string);

// One CSV cell as RFC 4180 writes it: quoted (with doubled quotes) only when it holds a comma,
// a quote or a line break.
std::string CsvCell(std::string_view text);

}  // namespace huicai
