#pragma once
// core: policy documents (政策文件) split into the articles a planner cites. A policy text as
// published on a government site (title, issuing body, document number 文号, date, then
// 第X条 articles under 第X章 chapters, or numbered paragraphs 1. 2. under 一、 headings, or
// (一)(二) items) becomes one PolicyDocument; the page's debris (menus, share buttons, ads
// pasted into lines, print and close links, signatures) is left out.
// Thread-safety: pure functions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/types.h"

namespace huicai {

struct PolicyArticle {
  // How the article is cited, as the text writes it: "第十七条", "15.", "(三)", "二、".
  // Empty for the preamble before the first article.
  std::string number;
  // The headings the article sits under, outermost first, e.g. "第三章 服务专员职责" or
  // "二、重点任务 > (一)突出高精尖缺导向".
  std::string heading;
  // The measure inside the file when it holds several (临沂市高层次人才服务专员管理办法);
  // empty when the file is one document.
  std::string part;
  std::string text;  // the article's text, lines joined, without its number
};

struct PolicyDocument {
  std::string title;   // 关于加快推进高层次人才服务体系建设的实施意见
  std::string issuer;  // 临沂市人力资源和社会保障局; several bodies joined with "、"
  std::string doc_number;  // 文号, e.g. 临人社发〔2021〕5号; empty when the page has none
  std::optional<Date> date;
  std::vector<PolicyArticle> articles;
};

// Splits a policy text (UTF-8). Articles come in the order written. Lines that carry no
// sentence (menus, links, signatures, ads) are dropped; an ad glued before an item marker
// ("某某招聘网  (二)…") loses the ad.
// InvalidArgument: the text is not UTF-8, or no title or no article could be found (the
// message says which, so the file can be checked).
[[nodiscard]] Result<PolicyDocument> ParsePolicyText(std::string_view text);

}  // namespace huicai
