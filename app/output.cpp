#include "app/output.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "core/codes.h"
#include "core/regions.h"
#include "core/text.h"

namespace huicai::app {

namespace {

bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char32_t cp : DecodeUtf8(text)) width += IsWide(cp) ? 2 : 1;
  return width;
}

std::string Ellipsize(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  std::string out;
  size_t used = 0;
  for (char32_t cp : DecodeUtf8(text)) {
    const size_t w = IsWide(cp) ? 2 : 1;
    if (used + w + 1 > width) break;
    AppendUtf8(cp, out);
    used += w;
  }
  return out + "…";
}

std::string Table::Render() const {
  std::vector<size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < row.size() ? row[c] : "";
      line += cell;
      if (c + 1 < widths.size()) line += std::string(widths[c] - DisplayWidth(cell) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  emit(header_);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  emit(rule);
  for (const auto& row : rows_) emit(row);
  return out;
}

Progress::Progress() : enabled_(::isatty(STDERR_FILENO) != 0) {}
Progress::~Progress() { Finish(); }

void Progress::Update(std::string_view stage, std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  const std::int64_t now = NowMs();
  const bool new_stage = stage != stage_;
  if (!new_stage && done != total && now - last_draw_ms_ < 100) return;
  if (new_stage && drawn_) std::fputc('\n', stderr);
  stage_ = std::string(stage);
  last_draw_ms_ = now;
  drawn_ = true;
  if (total == 0) {
    std::fprintf(stderr, "\r%-24s %12s", stage_.c_str(),
                 FormatCount(static_cast<std::int64_t>(done)).c_str());
  } else {
    constexpr int kWidth = 30;
    const double share = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const int full = static_cast<int>(share * kWidth);
    std::string bar(static_cast<size_t>(full), '#');
    bar += std::string(static_cast<size_t>(kWidth - full), '.');
    std::fprintf(stderr, "\r%-24s [%s] %3d%% %s/%s", stage_.c_str(), bar.c_str(),
                 static_cast<int>(share * 100),
                 FormatCount(static_cast<std::int64_t>(done)).c_str(),
                 FormatCount(static_cast<std::int64_t>(total)).c_str());
  }
  std::fflush(stderr);
}

void Progress::Finish() {
  if (enabled_ && drawn_) {
    std::fputc('\n', stderr);
    drawn_ = false;
    stage_.clear();
  }
}

std::string FormatBytes(std::uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
  return buf;
}

std::string FormatCount(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string Fixed(double value, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  return buf;
}

void PrintFacet(const std::string& title, const std::string& option,
                const std::map<std::string, std::size_t>& counts,
                const std::function<std::string(const std::string&)>& name_of) {
  if (counts.empty()) return;
  std::vector<std::pair<std::string, std::size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (sorted.size() > 12) sorted.resize(12);
  Table table({title, "", "matches", "narrow with"});
  for (const auto& [value, count] : sorted) {
    table.AddRow({value, name_of ? name_of(value) : std::string(), std::to_string(count),
                  option + (option.ends_with(':') ? "" : " ") + value});
  }
  std::cout << "\n" << table.Render();
}

void PrintPlaceAndFieldFacets(const std::map<std::string, std::size_t>& city,
                              const std::map<std::string, std::size_t>& county,
                              const std::map<std::string, std::size_t>& discipline) {
  auto region_name = [](const std::string& code) {
    std::string padded = code;
    padded.resize(6, '0');
    return RegionTable::Default().FullName(padded);
  };
  PrintFacet("city", "--region", city, region_name);
  PrintFacet("county", "--region", county, region_name);
  PrintFacet("field", "--discipline", discipline,
             [](const std::string& code) { return DisciplineTable::Default().Name(code); });
}

}  // namespace huicai::app
