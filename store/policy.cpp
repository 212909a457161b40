// store: policy documents and their articles (schema v11).
#include <string>

#include "store/internal/store_impl.h"
#include "store/store.h"

namespace huicai::store {
namespace {

constexpr const char* kDocumentColumns =
    "id, title, issuer, doc_number, issued_on, source, imported_at";

void AppendField(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out.append(field);
}

// SHA-256 of the document's content (title, issuer, 文号, date, every article's fields), each
// field length-prefixed so no two documents encode alike.
Result<std::string> ContentHash(const PolicyDocument& doc) {
  std::string data = "huicai-policy-v1";
  AppendField(data, doc.title);
  AppendField(data, doc.issuer);
  AppendField(data, doc.doc_number);
  AppendField(data, doc.date ? FormatDate(*doc.date) : "");
  for (const PolicyArticle& a : doc.articles) {
    AppendField(data, a.number);
    AppendField(data, a.heading);
    AppendField(data, a.part);
    AppendField(data, a.text);
  }
  return internal::Sha256Hex(data);
}

Result<StoredPolicy> DocumentFromRow(const Row& r) {
  StoredPolicy p;
  HUICAI_ASSIGN_OR_RETURN(p.id, internal::Int(r[0], "policy_document.id"));
  p.document.title = internal::Text(r[1]);
  p.document.issuer = internal::Text(r[2]);
  p.document.doc_number = internal::Text(r[3]);
  if (r[4] && !r[4]->empty()) {
    HUICAI_ASSIGN_OR_RETURN(Date d, internal::DateOf(r[4], "policy_document.issued_on"));
    p.document.date = d;
  }
  p.source = internal::Text(r[5]);
  p.imported_at = internal::Text(r[6]);
  return p;
}

}  // namespace

Result<PolicyImport> Store::ImportPolicy(const PolicyDocument& document, std::string_view source) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  if (document.title.empty()) return Status::InvalidArgument("a policy document needs a title");
  if (document.articles.empty()) {
    return Status::InvalidArgument("policy \"" + document.title + "\" has no articles");
  }
  HUICAI_ASSIGN_OR_RETURN(const std::string hash, ContentHash(document));
  HUICAI_ASSIGN_OR_RETURN(auto txn, impl_->BeginWrite());
  PolicyImport out;
  HUICAI_ASSIGN_OR_RETURN(
      auto same, impl_->Query("SELECT id FROM policy_document WHERE content_hash = ?", {T(hash)}));
  if (!same.empty()) {
    HUICAI_ASSIGN_OR_RETURN(out.id, internal::Int(same[0][0], "policy_document.id"));
    return out;  // nothing changes; the transaction rolls back
  }
  const std::string now = internal::NowUtc();
  const Value issued = document.date ? T(FormatDate(*document.date)) : Value{};
  HUICAI_ASSIGN_OR_RETURN(
      auto earlier,
      impl_->Query("SELECT id FROM policy_document WHERE title = ? AND doc_number = ? ORDER BY id",
                   {T(document.title), T(document.doc_number)}));
  if (!earlier.empty()) {
    HUICAI_ASSIGN_OR_RETURN(out.id, internal::Int(earlier[0][0], "policy_document.id"));
    HUICAI_RETURN_IF_ERROR(
        impl_->Exec("DELETE FROM policy_article WHERE document_id = ?", {I(out.id)}).status());
    HUICAI_RETURN_IF_ERROR(
        impl_
            ->Exec("UPDATE policy_document SET issuer = ?, issued_on = ?, "
                   "source = ?, content_hash = ?, imported_at = ? WHERE id = ?",
                   {T(document.issuer), issued, T(source), T(hash), T(now), I(out.id)})
            .status());
    out.replaced = true;
  } else {
    HUICAI_ASSIGN_OR_RETURN(
        out.id, impl_->InsertReturningId(
                    "INSERT INTO policy_document (title, issuer, doc_number, issued_on, source, "
                    "content_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    {T(document.title), T(document.issuer), T(document.doc_number), issued,
                     T(source), T(hash), T(now)}));
    out.inserted = true;
  }
  std::vector<std::vector<Value>> rows;
  rows.reserve(document.articles.size());
  for (size_t i = 0; i < document.articles.size(); ++i) {
    const PolicyArticle& a = document.articles[i];
    rows.push_back({I(out.id), I(static_cast<std::int64_t>(i + 1)), T(a.number), T(a.heading),
                    T(a.part), T(a.text)});
  }
  HUICAI_RETURN_IF_ERROR(impl_->conn
                             .ExecuteBatch("INSERT INTO policy_article (document_id, seq, number, "
                                           "heading, part, body) VALUES (?, ?, ?, ?, ?, ?)",
                                           rows)
                             .status());
  out.articles = static_cast<std::int64_t>(rows.size());
  HUICAI_RETURN_IF_ERROR(impl_->AppendChange("policy", out.id));
  HUICAI_RETURN_IF_ERROR(txn.Commit());
  return out;
}

Result<StoredPolicy> Store::GetPolicy(std::int64_t id) {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto docs, impl_->Query(std::string("SELECT ") + kDocumentColumns +
                                                      " FROM policy_document WHERE id = ?",
                                                  {I(id)}));
  if (docs.empty())
    return Status::NotFound("policy document " + std::to_string(id) + " does not exist");
  HUICAI_ASSIGN_OR_RETURN(StoredPolicy p, DocumentFromRow(docs[0]));
  HUICAI_ASSIGN_OR_RETURN(auto rows,
                          impl_->Query("SELECT id, number, heading, part, body FROM policy_article "
                                       "WHERE document_id = ? ORDER BY seq",
                                       {I(id)}));
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(std::int64_t article_id, internal::Int(r[0], "policy_article.id"));
    p.article_ids.push_back(article_id);
    p.document.articles.push_back(
        {internal::Text(r[1]), internal::Text(r[2]), internal::Text(r[3]), internal::Text(r[4])});
  }
  return p;
}

Result<std::vector<StoredPolicy>> Store::ListPolicies() {
  HUICAI_RETURN_IF_ERROR(impl_->Ready());
  HUICAI_ASSIGN_OR_RETURN(auto rows, impl_->Query(std::string("SELECT ") + kDocumentColumns +
                                                  " FROM policy_document ORDER BY id"));
  std::vector<StoredPolicy> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    HUICAI_ASSIGN_OR_RETURN(StoredPolicy p, DocumentFromRow(r));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace huicai::store
