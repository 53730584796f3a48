#include "api/subject_export.h"

#include <deque>

#include "api/csv.h"
#include "api/render.h"
#include "api/render_privacy.h"
#include "api/render_routing.h"
#include "core/json/json_reader.h"
#include "storage/conversation_stores.h"
#include "storage/privacy_store.h"

namespace parley::api {
namespace {

constexpr size_t kPage = 200;  // messages (or conversations) read per piece

// The order an export is written in: what is left to write is a queue of steps, each writing one
// piece; a step may queue further steps (a conversation queues its message pages).
class SubjectExport final : public BodyStream {
 public:
  SubjectExport(ApiContext& context, TenantId tenant, storage::SubjectSummary subject,
                ExportFormat format)
      : context_(context),
        tenant_(std::move(tenant)),
        subject_(std::move(subject)),
        format_(format) {
    steps_.push_back([this] { return start(); });
    steps_.push_back([this] { return nextConversations(); });
  }

  Result<std::string> next() override {
    while (!steps_.empty()) {
      auto step = std::move(steps_.front());
      steps_.pop_front();
      auto piece = step();
      if (!piece) {
        return piece;
      }
      if (!piece->empty()) {
        return piece;
      }
    }
    return std::string();
  }

 private:
  using Step = std::move_only_function<Result<std::string>()>;
  bool json() const { return format_ == ExportFormat::Json; }

  Result<std::string> start() {
    const std::string exported_at = formatRfc3339(context_.clock.now());
    if (json()) {
      JsonWriter header;
      header.beginObject().field("exportedAt", exported_at).key("subject");
      renderSubject(header, subject_);
      std::string piece = header.take();  // an open object: closed by finish()
      piece += ",\"conversations\":[";
      return piece;
    }
    std::string piece = "record,conversation,id,at,direction,author,field,value\r\n";
    const Contact& contact = subject_.contact;
    const std::string at = formatRfc3339(contact.created_at);
    auto field = [&](std::string_view name, const std::optional<std::string>& value) {
      if (value) {
        piece += csvRow({"contact", "", contact.id.value, at, "", "", name, *value});
      }
    };
    field("name", contact.name);
    field("email", contact.email);
    field("phone", contact.phone);
    for (const auto& [name, value] : contact.attributes) {
      piece += csvRow({"contact", "", contact.id.value, at, "", "", "attributes." + name, value});
    }
    for (const storage::SubjectIdentity& identity : subject_.identities) {
      piece += csvRow(
          {"identity", "", contact.id.value, "", "", "", identity.channel, identity.identity});
    }
    for (const storage::SubjectConsent& consent : subject_.consents) {
      piece += csvRow({"consent", "", contact.id.value, formatRfc3339(consent.changed_at), "", "",
                       consent.channel,
                       (consent.opted_out ? "opted out (" : "opted in (") + consent.cause + ")"});
    }
    for (const ContactId& merged : subject_.merged_from) {
      piece += csvRow({"merged", "", merged.value, "", "", "", "mergedInto", contact.id.value});
    }
    return piece;
  }

  // The next page of the contact's conversations, each followed by its messages and notes.
  Result<std::string> nextConversations() {
    auto page = context_.stores.conversations->listConversations(
        tenant_,
        storage::ConversationFilter{
            .contact_id = subject_.contact.id, .after = after_conversation_, .limit = kPage});
    if (!page) {
      return std::unexpected(page.error());
    }
    std::deque<Step> queued;
    for (Conversation& conversation : *page) {
      after_conversation_ = conversation.id.value;
      ConversationId id = conversation.id;
      queued.push_back([this, conversation = std::move(conversation)] {
        return beginConversation(conversation);
      });
      queued.push_back([this, id = std::move(id)] { return nextMessages(id); });
    }
    if (page->size() == kPage) {
      queued.push_back([this] { return nextConversations(); });
    } else {
      queued.push_back([this] { return audit(); });
    }
    steps_.insert(steps_.begin(), std::make_move_iterator(queued.begin()),
                  std::make_move_iterator(queued.end()));
    return std::string();
  }

  Result<std::string> beginConversation(const Conversation& conversation) {
    after_message_.clear();
    first_message_ = true;
    if (json()) {
      JsonWriter json;
      json.beginObject().key("conversation");
      renderConversation(json, conversation);
      std::string piece = (first_conversation_ ? "" : ",") + json.take() + ",\"messages\":[";
      first_conversation_ = false;
      return piece;
    }
    return csvRow({"conversation", conversation.id.value, conversation.id.value,
                   formatRfc3339(conversation.created_at), "",
                   conversation.agent_id ? conversation.agent_id->value : "", "channel",
                   conversation.channel});
  }

  Result<std::string> nextMessages(const ConversationId& conversation) {
    auto page =
        context_.stores.conversations->listMessages(tenant_, conversation, after_message_, kPage);
    if (!page) {
      return std::unexpected(page.error());
    }
    std::string piece;
    for (const Message& message : *page) {
      after_message_ = message.id.value;
      if (json()) {
        JsonWriter json;
        renderMessage(json, message);
        piece += (first_message_ ? "" : ",") + json.take();
      } else {
        piece += csvRow({"message", conversation.value, message.id.value,
                         formatRfc3339(message.created_at),
                         message.direction == Direction::Inbound ? "inbound" : "outbound",
                         message.author_id ? message.author_id->value : "", "content",
                         readableContent(message.content)});
      }
      first_message_ = false;
    }
    if (page->size() == kPage) {
      steps_.push_front([this, conversation] { return nextMessages(conversation); });
    } else {
      steps_.push_front([this, conversation] { return notes(conversation); });
    }
    return piece;
  }

  Result<std::string> notes(const ConversationId& conversation) {
    auto notes = context_.stores.conversations->listNotes(tenant_, conversation);
    if (!notes) {
      return std::unexpected(notes.error());
    }
    std::string piece = json() ? "],\"notes\":[" : "";
    bool first = true;
    for (const Note& note : *notes) {
      if (json()) {
        JsonWriter json;
        renderNote(json, note);
        piece += (first ? "" : ",") + json.take();
      } else {
        piece += csvRow({"note", conversation.value, note.id.value, formatRfc3339(note.created_at),
                         "", note.author_id.value, "text", note.text});
      }
      first = false;
    }
    if (json()) {
      piece += "]}";
    }
    return piece;
  }

  // The audit entries about the contact and every contact merged into it.
  Result<std::string> audit() {
    std::string piece = json() ? "],\"audit\":[" : "";
    bool first = true;
    std::vector<ContactId> contacts{subject_.contact.id};
    contacts.insert(contacts.end(), subject_.merged_from.begin(), subject_.merged_from.end());
    for (const ContactId& contact : contacts) {
      // Every entry, a page at a time (newest first), however long the trail.
      storage::AuditFilter filter{.entity = "contact", .entity_id = contact.value, .limit = kPage};
      std::vector<AuditEntry> entries;
      for (;;) {
        auto page = context_.stores.audit->searchAudit(tenant_, filter);
        if (!page) {
          return std::unexpected(page.error());
        }
        entries.insert(entries.end(), page->begin(), page->end());
        if (page->size() < kPage) {
          break;
        }
        filter.before_seq = page->back().seq;
      }
      for (const AuditEntry& entry : entries) {
        if (json()) {
          JsonWriter json;
          renderAuditEntry(json, entry);
          piece += (first ? "" : ",") + json.take();
        } else {
          piece += csvRow({"audit", "", entry.entity_id, formatRfc3339(entry.at), "",
                           std::string(actorKindName(entry.actor.kind)) + ":" + entry.actor.id,
                           entry.attribute, entry.value.value_or("")});
        }
        first = false;
      }
    }
    if (json()) {
      piece += "]}";
    }
    return piece;
  }

  // A message's text, or its content as JSON when it is not only text (a file, a location).
  static std::string readableContent(const std::string& content) {
    auto parsed = JsonObject::parse(content);
    if (parsed && !parsed->has("media")) {
      if (auto text = parsed->optionalString("text", content.size()); text && *text) {
        return **text;
      }
    }
    return content;
  }

  ApiContext& context_;
  TenantId tenant_;
  storage::SubjectSummary subject_;
  ExportFormat format_;
  std::deque<Step> steps_;
  std::string after_conversation_;
  std::string after_message_;
  bool first_conversation_ = true;
  bool first_message_ = true;
};

}  // namespace

Result<std::shared_ptr<BodyStream>> exportSubject(ApiContext& context, const TenantId& tenant,
                                                  const ContactId& contact, ExportFormat format) {
  auto subject = context.stores.privacy->subject(tenant, contact);
  if (!subject) {
    return std::unexpected(subject.error());
  }
  return std::make_shared<SubjectExport>(context, tenant, std::move(*subject), format);
}

}  // namespace parley::api
