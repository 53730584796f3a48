// Skills, categories, agents' routing settings, tenant routing settings, the queue, statistics and
// the dry run (R1–R10, A2, A3, W1, W2, W5).
#include "api/idempotency.h"
#include "api/render.h"
#include "api/render_routing.h"
#include "api/routes.h"
#include "channels/api/api_outbound.h"
#include "privacy/crypto.h"
#include "storage/conversation_stores.h"

namespace parley::api {
namespace {

using conversations::AgentPatch;

constexpr size_t kMaxSkillsPerList = 200;
constexpr size_t kMaxRules = 100;

template <class T>
std::optional<Error> firstError(const Result<T>& result) {
  return result ? std::nullopt : std::optional(result.error());
}

// A configuration write's callback: once it is stored, the routing engine applies it, and only then
// does the caller get `answer` (so the next request already routes by it).
template <class T, class Answer>
storage::Done<T> reconfigureThen(ApiContext& context, TenantId tenant, Call call, Answer answer) {
  return [&context, tenant = std::move(tenant), call = std::move(call),
          answer = std::move(answer)](Result<T> stored) mutable {
    if (!stored) {
      call.fail(stored.error());
      return;
    }
    Response response = [&] {
      if constexpr (std::is_void_v<T>) {
        return answer();
      } else {
        return answer(*stored);
      }
    }();
    context.routing.configChanged(
        tenant, [call = std::move(call), response = std::move(response)](Result<void>) mutable {
          call.respond(std::move(response));
        });
  };
}

// ---- skills ----

void listSkills(ApiContext& context, Call call) {
  auto skills = context.stores.routing->listSkills(call.principal->tenant);
  if (!skills) {
    call.fail(skills.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*skills, renderSkill)));
}

void createSkill(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto name = body->requiredString("name", 100);
  if (!name || name->empty()) {
    call.fail(name ? Error{ErrorCode::ValidationFailed, "name must not be empty"} : name.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  context.stores.routing->createSkill(
      tenant, std::move(*name), [call = std::move(call)](Result<Skill> skill) mutable {
        if (!skill) {
          call.fail(skill.error());
          return;
        }
        call.respond(Response::json(201, document("skill", *skill, renderSkill)));
      });
}

// PATCH /api/v1/skills/{id} {"name"}: agents and categories keep the skill (they name its id).
void renameSkill(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto name = body->requiredString("name", 100);
  if (!name || name->empty()) {
    call.fail(name ? Error{ErrorCode::ValidationFailed, "name must not be empty"} : name.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  const SkillId skill{call.params[0]};
  context.stores.routing->renameSkill(
      tenant, skill, std::move(*name), [call = std::move(call)](Result<Skill> renamed) mutable {
        if (!renamed) {
          call.fail(renamed.error());
          return;
        }
        call.respond(Response::json(200, document("skill", *renamed, renderSkill)));
      });
}

void deleteSkill(ApiContext& context, Call call) {
  // Copies: `call` is moved into the callback, and argument evaluation order is unspecified.
  const TenantId tenant = call.principal->tenant;
  const SkillId skill{call.params[0]};
  context.stores.routing->deleteSkill(tenant, skill,
                                      reconfigureThen<void>(context, tenant, std::move(call),
                                                            [] { return Response::noContent(); }));
}

// ---- categories ----

std::vector<SkillId> skillIds(const std::optional<std::vector<std::string>>& names) {
  std::vector<SkillId> ids;
  if (names) {
    for (const std::string& name : *names) {
      ids.push_back(SkillId{name});
    }
  }
  return ids;
}

// Every skill a category names must exist in the tenant.
std::optional<Error> unknownSkill(ApiContext& context, const Category& category) {
  auto skills = context.stores.routing->listSkills(category.tenant_id);
  if (!skills) {
    return skills.error();
  }
  auto known = [&](const SkillId& id) {
    return std::any_of(skills->begin(), skills->end(), [&](const Skill& s) { return s.id == id; });
  };
  std::vector<SkillId> named = category.skills;
  for (const auto& step : category.relaxation) {
    for (const auto& alternative : step.any_of) {
      named.insert(named.end(), alternative.begin(), alternative.end());
    }
  }
  for (const SkillId& id : named) {
    if (!known(id)) {
      return Error{ErrorCode::ValidationFailed, "no such skill: " + id.value};
    }
  }
  return std::nullopt;
}

Result<Category> parseCategory(const JsonObject& body, Category category) {
  auto name = body.requiredString("name", 100);
  auto priority = body.optionalInteger("priority", -100, 100);
  auto position = body.optionalInteger("position", 0, 100000);
  auto skills = body.optionalStrings("skills", kMaxSkillsPerList, 64);
  auto offer = body.optionalInteger("offerTimeoutSeconds", 0, 86400);
  auto relaxation = body.objects("relaxation", 10);
  auto rules = body.optionalObject("rules");
  auto boost = body.optionalObject("windowBoost");
  for (auto error :
       {firstError(name), firstError(priority), firstError(position), firstError(skills),
        firstError(offer), firstError(relaxation), firstError(rules), firstError(boost)}) {
    if (error) {
      return std::unexpected(*error);
    }
  }
  if (name->empty()) {
    return fail(ErrorCode::ValidationFailed, "name must not be empty");
  }
  category.name = std::move(*name);
  category.priority = static_cast<int>(priority->value_or(0));
  category.position = static_cast<int>(position->value_or(0));
  category.skills = skillIds(*skills);
  category.offer_timeout_seconds = static_cast<int>(offer->value_or(0));
  category.window_boost_seconds = 0;
  category.window_boost_priority = 0;
  if (*boost) {
    auto within = (*boost)->optionalInteger("withinSeconds", 60, 86400);
    auto raise = (*boost)->optionalInteger("priority", 1, 100);
    if (!within || !raise || !*within || !*raise) {
      return fail(ErrorCode::ValidationFailed,
                  !within || !*within
                      ? "windowBoost.withinSeconds: 60 to 86400 (how long before the window closes)"
                      : "windowBoost.priority: 1 to 100 (how much the priority rises)");
    }
    category.window_boost_seconds = static_cast<int>(**within);
    category.window_boost_priority = static_cast<int>(**raise);
  }
  category.relaxation.clear();
  int previous_after = 0;
  for (const JsonObject& step : *relaxation) {
    auto after = step.optionalInteger("afterSeconds", 1, 7 * 86400);
    if (!after || !*after) {
      return fail(ErrorCode::ValidationFailed, "relaxation steps need afterSeconds (1 to 604800)");
    }
    if (**after <= previous_after) {
      return fail(ErrorCode::ValidationFailed,
                  "relaxation steps must be in increasing afterSeconds");
    }
    previous_after = static_cast<int>(**after);
    RelaxationStepConfig config{.after_seconds = previous_after};
    // anyOf: [["skl_a"], ["skl_b", "skl_c"]]; [[]] (or absent) is "anyone".
    auto any_of = step.optionalStringLists("anyOf", 10, kMaxSkillsPerList, 64);
    if (!any_of) {
      return std::unexpected(any_of.error());
    }
    for (const auto& alternative : any_of->value_or(std::vector<std::vector<std::string>>{{}})) {
      config.any_of.push_back(skillIds(alternative));
    }
    category.relaxation.push_back(std::move(config));
  }
  category.channels.clear();
  category.keywords.clear();
  category.entry_points.clear();
  if (*rules) {
    auto channels = (*rules)->optionalStrings("channels", 20, 32);
    auto keywords = (*rules)->optionalStrings("keywords", kMaxRules, 100);
    auto entry_points = (*rules)->optionalStrings("entryPoints", kMaxRules, 200);
    for (auto error : {firstError(channels), firstError(keywords), firstError(entry_points)}) {
      if (error) {
        return std::unexpected(*error);
      }
    }
    category.channels = channels->value_or(std::vector<std::string>{});
    category.keywords = keywords->value_or(std::vector<std::string>{});
    category.entry_points = entry_points->value_or(std::vector<std::string>{});
  }
  return category;
}

void saveCategory(ApiContext& context, Call call, Category category, int status) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto parsed = parseCategory(*body, std::move(category));
  if (!parsed) {
    call.fail(parsed.error());
    return;
  }
  if (auto unknown = unknownSkill(context, *parsed)) {
    call.fail(*unknown);
    return;
  }
  const TenantId tenant = call.principal->tenant;
  context.stores.routing->saveCategory(
      std::move(*parsed),
      reconfigureThen<Category>(context, tenant, std::move(call), [status](const Category& saved) {
        return Response::json(status, document("category", saved, renderCategory));
      }));
}

void createCategory(ApiContext& context, Call call) {
  Category category{.tenant_id = call.principal->tenant};
  saveCategory(context, std::move(call), std::move(category), 201);
}

void replaceCategory(ApiContext& context, Call call) {
  Category category{.tenant_id = call.principal->tenant, .id = CategoryId{call.params[0]}};
  saveCategory(context, std::move(call), std::move(category), 200);
}

void listCategories(ApiContext& context, Call call) {
  auto categories = context.stores.routing->listCategories(call.principal->tenant);
  if (!categories) {
    call.fail(categories.error());
    return;
  }
  call.respond(Response::json(200, itemsDocument(*categories, renderCategory)));
}

void deleteCategory(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  const CategoryId category{call.params[0]};
  context.stores.routing->deleteCategory(
      tenant, category, reconfigureThen<void>(context, tenant, std::move(call), [] {
        return Response::noContent();
      }));
}

// ---- agents ----

void respondAgent(ApiContext& context, Call call, const UserId& user) {
  const TenantId tenant = call.principal->tenant;
  context.routing.agent(tenant, user,
                        [call = std::move(call)](Result<routing::AgentView> view) mutable {
                          if (!view) {
                            call.fail(view.error());
                            return;
                          }
                          call.respond(Response::json(200, document("agent", *view, renderAgent)));
                        });
}

// After a change: the answer, and an `agent.updated` frame to the agent's own sockets (an admin's
// change shows on the agent's dashboard at once, as does a change made in another tab).
void respondAndAnnounceAgent(ApiContext& context, Call call, const UserId& user) {
  const TenantId tenant = call.principal->tenant;
  context.routing.agent(
      tenant, user,
      [&context, tenant, user, call = std::move(call)](Result<routing::AgentView> view) mutable {
        if (!view) {
          call.fail(view.error());
          return;
        }
        JsonWriter frame;
        frame.beginObject().field("type", "agent.updated").key("agent");
        renderAgent(frame, *view);
        frame.endObject();
        context.events.publish(events::Event{tenant, user, std::nullopt, frame.take()});
        call.respond(Response::json(200, document("agent", *view, renderAgent)));
      });
}

// presence, autoAllocate, capacity (admins only), skills (admins set the list; an agent only
// toggles skills already theirs).
Result<AgentPatch> parseAgentPatch(const JsonObject& body, bool admin,
                                   const routing::AgentView& current) {
  AgentPatch patch;
  auto presence = body.optionalString("presence", 16);
  auto auto_allocate = body.optionalBoolean("autoAllocate");
  auto capacity = body.optionalInteger("capacity", 0, 1000);
  auto skills = body.objects("skills", kMaxSkillsPerList);
  for (auto error : {firstError(presence), firstError(auto_allocate), firstError(capacity),
                     firstError(skills)}) {
    if (error) {
      return std::unexpected(*error);
    }
  }
  if (*presence) {
    patch.presence = routing::parsePresence(**presence);
    if (!patch.presence) {
      return fail(ErrorCode::ValidationFailed, "presence must be available, away or offline");
    }
  }
  patch.auto_allocate = *auto_allocate;
  if (*capacity) {
    if (!admin) {
      return fail(ErrorCode::Forbidden, "only an admin changes capacity");
    }
    patch.capacity = static_cast<int>(**capacity);
  }
  if (body.has("skills")) {
    std::vector<std::pair<SkillId, bool>> list;
    for (const JsonObject& entry : *skills) {
      auto id = entry.requiredString("skillId", 64);
      auto active = entry.optionalBoolean("active");
      if (!id || !active) {
        return std::unexpected(id ? active.error() : id.error());
      }
      list.emplace_back(SkillId{*id}, active->value_or(true));
    }
    for (size_t i = 0; i < list.size(); ++i) {
      for (size_t j = i + 1; j < list.size(); ++j) {
        if (list[i].first == list[j].first) {
          return fail(ErrorCode::ValidationFailed,
                      "skills lists " + list[i].first.value + " twice");
        }
      }
    }
    if (!admin) {
      // Agents toggle what they have; the list itself is the admin's. No duplicates and the same
      // length: the same set.
      const bool same_set =
          list.size() == current.skills.size() &&
          std::all_of(list.begin(), list.end(), [&](const auto& entry) {
            return std::any_of(current.skills.begin(), current.skills.end(),
                               [&](const auto& have) { return have.first == entry.first.value; });
          });
      if (!same_set) {
        return fail(ErrorCode::Forbidden, "only an admin adds or removes an agent's skills");
      }
    }
    patch.skills = std::move(list);
  }
  return patch;
}

void patchAgent(ApiContext& context, Call call, UserId user, bool admin) {
  const TenantId tenant = call.principal->tenant;
  if (auto found = context.stores.users->findUser(tenant, user); !found) {
    call.fail(found.error());
    return;
  }
  context.routing.agent(
      tenant, user,
      [&context, tenant, user, admin,
       call = std::move(call)](Result<routing::AgentView> current) mutable {
        if (!current) {
          call.fail(current.error());
          return;
        }
        auto body = jsonBody(call.request);
        if (!body) {
          call.fail(body.error());
          return;
        }
        auto patch = parseAgentPatch(*body, admin, *current);
        if (!patch) {
          call.fail(patch.error());
          return;
        }
        context.routing.updateAgent(
            tenant, user, std::move(*patch),
            [&context, user, call = std::move(call)](Result<AgentRouting> saved) mutable {
              if (!saved) {
                call.fail(saved.error());
                return;
              }
              respondAndAnnounceAgent(context, std::move(call), user);
            });
      });
}

void getMyAgent(ApiContext& context, Call call) {
  if (!call.principal->user) {
    call.fail(ErrorCode::Forbidden, "an API token is not an agent");
    return;
  }
  const UserId user = *call.principal->user;
  respondAgent(context, std::move(call), user);
}

void patchMyAgent(ApiContext& context, Call call) {
  if (!call.principal->user) {
    call.fail(ErrorCode::Forbidden, "an API token is not an agent");
    return;
  }
  const UserId user = *call.principal->user;
  const bool admin = isAllowed(call.principal->role, Permission::ManageRouting);
  patchAgent(context, std::move(call), user, admin);
}

void getAgent(ApiContext& context, Call call) {
  const UserId user{call.params[0]};
  if (auto found = context.stores.users->findUser(call.principal->tenant, user); !found) {
    call.fail(found.error());
    return;
  }
  respondAgent(context, std::move(call), user);
}

void patchOtherAgent(ApiContext& context, Call call) {
  const UserId user{call.params[0]};
  patchAgent(context, std::move(call), user, /*admin=*/true);
}

void listAgents(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  context.routing.stats(
      tenant, [call = std::move(call)](Result<conversations::RoutingStats> stats) mutable {
        if (!stats) {
          call.fail(stats.error());
          return;
        }
        call.respond(Response::json(200, itemsDocument(stats->agents, renderAgent)));
      });
}

// ---- settings ----

// `new_secret`: a webhook secret made by this request, shown in its answer only (it is never
// readable again; a new one can be made).
std::string settingsDocument(const storage::TenantSettings& settings,
                             const std::optional<std::string>& new_secret = std::nullopt) {
  JsonWriter json;
  json.beginObject()
      .key("settings")
      .beginObject()
      .key("reopenWindowSeconds")
      .number(settings.reopen_window_seconds)
      .key("offlineGraceSeconds")
      .number(settings.offline_grace_seconds)
      .field("apiWebhookUrl", settings.api_webhook_url)
      .key("apiWebhookSecretSet")
      .boolean(!settings.api_webhook_secret.empty())
      .endObject();
  if (new_secret) {
    json.field("apiWebhookSecret", *new_secret);
  }
  json.endObject();
  return json.take();
}

void getSettings(ApiContext& context, Call call) {
  auto settings = context.stores.routing->findSettings(call.principal->tenant);
  if (!settings) {
    call.fail(settings.error());
    return;
  }
  call.respond(Response::json(200, settingsDocument(*settings)));
}

// Webhook secrets are made by Parley, never chosen: 256 random bits, prefixed so that a leaked one
// is recognisable (secret scanners match such prefixes).
std::string newWebhookSecret() { return "whsec_" + privacy::randomToken(32); }

void patchSettings(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto reopen = body->optionalInteger("reopenWindowSeconds", 0, 30 * 86400);
  auto grace = body->optionalInteger("offlineGraceSeconds", 0, 86400);
  auto url = body->optionalString("apiWebhookUrl", 2000);
  for (auto error : {firstError(reopen), firstError(grace), firstError(url)}) {
    if (error) {
      call.fail(*error);
      return;
    }
  }
  if (body->has("apiWebhookSecret")) {
    call.fail(ErrorCode::ValidationFailed,
              "apiWebhookSecret is made by Parley: POST /api/v1/settings/routing/webhook-secret "
              "makes a new one");
    return;
  }
  if (*url && !(*url)->empty() &&
      !channels::api::isAllowedWebhookUrl(**url, context.webhook_allow_private)) {
    call.fail(ErrorCode::ValidationFailed,
              context.webhook_allow_private
                  ? "apiWebhookUrl must be an http(s) URL"
                  : "apiWebhookUrl must be an https:// URL: replies carry message text");
    return;
  }
  // A webhook URL without a secret gets one, in the same write (so two requests at once make one).
  auto made = std::make_shared<std::optional<std::string>>();
  auto change = [reopen = *reopen, grace = *grace, url = std::move(*url),
                 made](storage::TenantSettings& settings) {
    if (reopen) {
      settings.reopen_window_seconds = static_cast<int>(*reopen);
    }
    if (grace) {
      settings.offline_grace_seconds = static_cast<int>(*grace);
    }
    if (url) {
      settings.api_webhook_url = *url;
    }
    if (!settings.api_webhook_url.empty() && settings.api_webhook_secret.empty()) {
      settings.api_webhook_secret = newWebhookSecret();
      *made = settings.api_webhook_secret;
    }
  };
  Actor actor = call.principal->actor;  // read before `call` moves below
  context.stores.routing->updateSettings(
      tenant, std::move(actor), std::move(change),
      reconfigureThen<storage::TenantSettings>(
          context, tenant, std::move(call), [made](const storage::TenantSettings& saved) {
            return Response::json(200, settingsDocument(saved, *made));
          }));
}

// POST /api/v1/settings/routing/webhook-secret: a new secret replaces the old one at once (the
// integrator must take it before the next delivery); shown in this answer only.
void rotateWebhookSecret(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  auto secret = std::make_shared<const std::string>(newWebhookSecret());
  Actor actor = call.principal->actor;  // read before `call` moves below
  context.stores.routing->updateSettings(
      tenant, std::move(actor),
      [secret](storage::TenantSettings& settings) { settings.api_webhook_secret = *secret; },
      reconfigureThen<storage::TenantSettings>(
          context, tenant, std::move(call), [secret](const storage::TenantSettings& saved) {
            return Response::json(200, settingsDocument(saved, *secret));
          }));
}

// ---- queue, statistics, dry run ----

void getQueue(ApiContext& context, Call call) {
  auto limit = limitParameter(call.request, 100, 1000);
  if (!limit) {
    call.fail(limit.error());
    return;
  }
  const TenantId tenant = call.principal->tenant;
  context.routing.queue(
      tenant, *limit,
      [call = std::move(call)](Result<conversations::RoutingService::QueuePage> queue) mutable {
        if (!queue) {
          call.fail(queue.error());
          return;
        }
        // {"items": the first `limit`, "total": how many wait}: a page never passes for the queue.
        JsonWriter json;
        json.beginObject().key("items").beginArray();
        for (const routing::QueuedConversation& item : queue->first) {
          renderQueued(json, item);
        }
        json.endArray().key("total").number(static_cast<int64_t>(queue->total)).endObject();
        call.respond(Response::json(200, json.take()));
      });
}

// GET /stats/queue-history?hours=1..24 (default 6): the wallboard's series, one point a minute.
void getQueueHistory(ApiContext& context, Call call) {
  const std::string given = queryParameter(call.request.query, "hours");
  int hours = 6;
  if (!given.empty()) {
    const bool digits =
        given.size() <= 2 && given.find_first_not_of("0123456789") == std::string::npos;
    hours = digits ? std::stoi(given) : 0;
    if (hours < 1 || hours > 24) {
      call.fail(ErrorCode::ValidationFailed, "hours is a whole number from 1 to 24");
      return;
    }
  }
  const TenantId tenant = call.principal->tenant;  // read before `call` moves into the callback
  context.routing.queueHistory(
      tenant, context.clock.now() - std::chrono::hours(hours),
      [call = std::move(call)](Result<std::vector<conversations::QueuePoint>> points) mutable {
        if (!points) {
          call.fail(points.error());
          return;
        }
        JsonWriter json;
        json.beginObject().key("stepSeconds").number(int64_t{60}).key("points").beginArray();
        for (const conversations::QueuePoint& point : *points) {
          json.beginObject()
              .field("at", formatRfc3339(point.at))
              .key("queueLength")
              .number(static_cast<int64_t>(point.queue_length))
              .key("longestWaitSeconds")
              .number(point.longest_wait_seconds)
              .endObject();
        }
        call.respond(Response::json(200, json.endArray().endObject().take()));
      });
}

void getStats(ApiContext& context, Call call) {
  const TenantId tenant = call.principal->tenant;
  context.routing.stats(
      tenant, [call = std::move(call)](Result<conversations::RoutingStats> stats) mutable {
        if (!stats) {
          call.fail(stats.error());
          return;
        }
        call.respond(Response::json(200, document("stats", *stats, renderStats)));
      });
}

void dryRun(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto category = body->optionalString("categoryId", 64);
  auto conversation = body->optionalString("conversationId", 64);
  if (!category || !conversation) {
    call.fail(category ? conversation.error() : category.error());
    return;
  }
  if (*category && *conversation) {
    call.fail(ErrorCode::ValidationFailed, "give at most one of categoryId or conversationId");
    return;
  }
  std::optional<CategoryId> category_id;
  std::optional<ConversationId> conversation_id;
  if (*category) {
    category_id = CategoryId{**category};
  }
  if (*conversation) {
    conversation_id = ConversationId{**conversation};
  }
  const TenantId tenant = call.principal->tenant;
  context.routing.explain(
      tenant, category_id, conversation_id,
      [call = std::move(call)](Result<routing::Explanation> why) mutable {
        if (!why) {
          call.fail(why.error());
          return;
        }
        call.respond(
            Response::json(200, "{\"explanation\":" + conversations::explanationJson(*why) + "}"));
      });
}

// A supervisor's notice to everyone signed in to the tenant's live sockets ("Queue is long: all
// hands on billing"). Not stored: it is for whoever is online now.
void broadcast(ApiContext& context, Call call) {
  auto body = jsonBody(call.request);
  if (!body) {
    call.fail(body.error());
    return;
  }
  auto text = body->requiredString("text", 1000);
  if (!text || text->empty()) {
    call.fail(text ? Error{ErrorCode::ValidationFailed, "text must not be empty"} : text.error());
    return;
  }
  JsonWriter json;
  json.beginObject()
      .field("type", "broadcast")
      .field("from", call.principal->actor.id)
      .field("text", *text)
      .field("at", formatRfc3339(context.clock.now()))
      .endObject();
  context.events.publish({.tenant = call.principal->tenant, .json = json.take()});
  call.respond(Response::json(202, R"({"status":"sent"})"));
}

}  // namespace

void addRoutingRoutes(Router& router, ApiContext& context) {
  router.add(Method::Post, "/api/v1/broadcasts", Permission::ViewRouting,
             withContext(context, broadcast));
  router.add(Method::Get, "/api/v1/skills", Permission::HandleConversations,
             withContext(context, listSkills));
  router.add(Method::Post, "/api/v1/skills", Permission::ManageRouting,
             idempotent(context, withContext(context, createSkill)));
  router.add(Method::Patch, "/api/v1/skills/{id}", Permission::ManageRouting,
             withContext(context, renameSkill));
  router.add(Method::Delete, "/api/v1/skills/{id}", Permission::ManageRouting,
             withContext(context, deleteSkill));
  router.add(Method::Get, "/api/v1/categories", Permission::HandleConversations,
             withContext(context, listCategories));
  router.add(Method::Post, "/api/v1/categories", Permission::ManageRouting,
             idempotent(context, withContext(context, createCategory)));
  router.add(Method::Put, "/api/v1/categories/{id}", Permission::ManageRouting,
             withContext(context, replaceCategory));
  router.add(Method::Delete, "/api/v1/categories/{id}", Permission::ManageRouting,
             withContext(context, deleteCategory));
  router.add(Method::Get, "/api/v1/agents", Permission::ViewRouting,
             withContext(context, listAgents));
  router.add(Method::Get, "/api/v1/agents/{id}", Permission::ViewRouting,
             withContext(context, getAgent));
  router.add(Method::Patch, "/api/v1/agents/{id}", Permission::ManageRouting,
             withContext(context, patchOtherAgent));
  router.add(Method::Get, "/api/v1/me/agent", Permission::HandleConversations,
             withContext(context, getMyAgent));
  router.add(Method::Patch, "/api/v1/me/agent", Permission::HandleConversations,
             withContext(context, patchMyAgent));
  router.add(Method::Get, "/api/v1/settings/routing", Permission::ManageRouting,
             withContext(context, getSettings));
  router.add(Method::Patch, "/api/v1/settings/routing", Permission::ManageRouting,
             withContext(context, patchSettings));
  router.add(Method::Post, "/api/v1/settings/routing/webhook-secret", Permission::ManageRouting,
             withContext(context, rotateWebhookSecret));
  router.add(Method::Get, "/api/v1/queue", Permission::HandleConversations,
             withContext(context, getQueue));
  router.add(Method::Get, "/api/v1/stats", Permission::ViewRouting, withContext(context, getStats));
  router.add(Method::Get, "/api/v1/stats/queue-history", Permission::ViewRouting,
             withContext(context, getQueueHistory));
  router.add(Method::Post, "/api/v1/routing/dry-run", Permission::ViewRouting,
             withContext(context, dryRun));
}

}  // namespace parley::api
