// app: `huicai policy` — import policy documents (split into articles), list them, and search
// their articles (also `huicai search --kind policy`).
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/output.h"
#include "hub/hub.h"

namespace huicai::app {
namespace {

using nlohmann::json;

int Import(const Globals& g, const std::vector<std::string>& files) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  std::vector<std::filesystem::path> paths(files.begin(), files.end());
  auto reports = (*hub)->ImportPolicies(paths);
  if (!reports.has_value()) return Fail(reports.error());
  bool refused = false;
  for (const auto& r : *reports) refused = refused || r.outcome == "refused";
  if (g.json) {
    json out = json::array();
    for (const auto& r : *reports) {
      out.push_back({{"file", r.file.string()},
                     {"outcome", r.outcome},
                     {"id", r.id},
                     {"title", r.title},
                     {"doc_number", r.doc_number},
                     {"articles", r.articles},
                     {"error", r.error}});
    }
    std::cout << out.dump(2) << "\n";
    return refused ? 1 : 0;
  }
  Table table({"file", "outcome", "id", "title", "文号", "articles"});
  for (const auto& r : *reports) {
    table.AddRow({r.file.filename().string(), r.outcome, r.id ? std::to_string(r.id) : "",
                  Ellipsize(r.title, 40), r.doc_number, std::to_string(r.articles)});
  }
  std::cout << table.Render();
  for (const auto& r : *reports) {
    if (!r.error.empty()) std::cerr << r.file.string() << ": " << r.error << "\n";
  }
  std::cout
      << "Run `huicai index` to make new articles searchable (huicai search --kind policy).\n";
  return refused ? 1 : 0;
}

int List(const Globals& g) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  auto policies = (*hub)->ListPolicies();
  if (!policies.has_value()) return Fail(policies.error());
  if (g.json) {
    json out = json::array();
    for (const auto& p : *policies) {
      out.push_back({{"id", p.id},
                     {"title", p.document.title},
                     {"issuer", p.document.issuer},
                     {"doc_number", p.document.doc_number},
                     {"date", p.document.date ? json(FormatDate(*p.document.date)) : json()},
                     {"source", p.source},
                     {"imported_at", p.imported_at}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (policies->empty()) {
    std::cout << "No policy documents yet: `huicai policy import FILE...`\n";
    return 0;
  }
  Table table({"id", "title", "文号", "date", "issuer"});
  for (const auto& p : *policies) {
    table.AddRow({std::to_string(p.id), Ellipsize(p.document.title, 48), p.document.doc_number,
                  p.document.date ? FormatDate(*p.document.date) : "",
                  Ellipsize(p.document.issuer, 24)});
  }
  std::cout << table.Render();
  return 0;
}

}  // namespace

int RunPolicySearch(const Globals& g, const std::string& text, size_t limit, size_t offset) {
  auto hub = OpenHub(g);
  if (!hub.has_value()) return Fail(hub.error());
  search::PolicyQuery query;
  query.text = text;
  query.limit = limit;
  query.offset = offset;
  auto results = (*hub)->SearchPolicies(query);
  if (!results.has_value()) return Fail(results.error());
  if (g.json) {
    json hits = json::array();
    for (const auto& h : results->hits) {
      hits.push_back({{"article_id", h.article_id},
                      {"document_id", h.document_id},
                      {"title", h.title},
                      {"doc_number", h.doc_number},
                      {"part", h.part},
                      {"heading", h.heading},
                      {"number", h.number},
                      {"snippet", h.snippet},
                      {"relevance", h.relevance}});
    }
    std::cout << json{{"estimated_total", results->estimated_total},
                      {"relaxed", results->relaxed},
                      {"hits", hits}}
                     .dump(2)
              << "\n";
    return 0;
  }
  if (results->hits.empty()) {
    std::cout << "No policy article matches. Try fewer words, or import documents with "
                 "`huicai policy import` and run `huicai index`.\n";
    return 0;
  }
  if (results->relaxed) {
    std::cout << "No article holds every word; these hold some of them:\n";
  } else {
    std::cout << results->estimated_total << " articles match; the best " << results->hits.size()
              << ":\n";
  }
  for (const auto& h : results->hits) {
    std::cout << "\n" << h.rank << ". " << h.title;
    if (!h.doc_number.empty()) std::cout << " (" << h.doc_number << ")";
    std::cout << "\n   ";
    if (!h.part.empty()) std::cout << h.part << " ";
    if (!h.heading.empty()) std::cout << h.heading << " ";
    std::cout << (h.number.empty() ? "(preamble)" : h.number) << "\n   " << h.snippet << "\n";
  }
  return 0;
}

void AddPolicyCommands(CLI::App& cli, Globals& g, int& exit_code) {
  auto* policy = cli.add_subcommand(
      "policy", "policy documents: import texts split into articles, list them, search them");
  policy->require_subcommand(1);

  static std::vector<std::string> files;
  auto* add = policy->add_subcommand(
      "import",
      "split policy texts (UTF-8, as published) into articles and store them; the same text "
      "again changes nothing, a new version replaces the old");
  add->add_option("FILE", files, "policy text files")->required()->check(CLI::ExistingFile);
  add->add_flag("--json", g.json, "a report per file as JSON on stdout");
  add->callback([&] { exit_code = Import(g, files); });

  auto* list = policy->add_subcommand("list", "the stored policy documents");
  list->add_flag("--json", g.json, "as JSON on stdout");
  list->callback([&] { exit_code = List(g); });

  static std::vector<std::string> words;
  static size_t limit = 10;
  auto* find = policy->add_subcommand(
      "search", "find policy articles, e.g. 人才驿站 评估 (the same as search --kind policy)");
  find->add_option("QUERY", words, "free text; words are ANDed, \"phrases\", AND / OR / NOT");
  find->add_option("--limit", limit, "articles to show")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  find->add_flag("--json", g.json, "hits as JSON on stdout");
  find->callback([&] {
    std::string text;
    for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
    exit_code = RunPolicySearch(g, text, limit);
  });
}

}  // namespace huicai::app
