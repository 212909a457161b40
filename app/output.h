#pragma once
// app: how results reach a person (aligned tables, a progress bar on a terminal) or a program
// (JSON on stdout). Thread-safety: one thread.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace huicai::app {

// Columns of text, aligned by display width (Han characters take two columns).
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string Render() const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text on a terminal: East Asian wide and full-width characters count 2.
size_t DisplayWidth(std::string_view text);

// A number with `digits` decimals: Fixed(0.12345) is "0.123".
std::string Fixed(double value, int digits = 3);

// Cuts text to at most `width` display columns, ending in "…" when cut.
std::string Ellipsize(std::string_view text, size_t width);

// A one-line progress bar on stderr, drawn only when stderr is a terminal.
class Progress {
 public:
  Progress();
  ~Progress();
  // total 0 = unknown: shows a count instead of a bar.
  void Update(std::string_view stage, std::uint64_t done, std::uint64_t total);
  void Finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::string stage_;
  std::int64_t last_draw_ms_ = 0;
};

// One facet of a search as a table on stdout, most matches first (at most 12 rows): each value,
// its name (from `name_of`, when given), its count and the option that narrows to it (`option`
// and the value, with a space unless the option is a typed prefix ending in ':', e.g. 类型:).
void PrintFacet(const std::string& title, const std::string& option,
                const std::map<std::string, std::size_t>& counts,
                const std::function<std::string(const std::string&)>& name_of = {});
// The city, county and field facets, with region and field names.
void PrintPlaceAndFieldFacets(const std::map<std::string, std::size_t>& city,
                              const std::map<std::string, std::size_t>& county,
                              const std::map<std::string, std::size_t>& discipline);

std::string FormatBytes(std::uint64_t bytes);
std::string FormatCount(std::int64_t n);  // 20000 -> "20,000"

}  // namespace huicai::app
