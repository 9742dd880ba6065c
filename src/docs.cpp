// Rendering rule metadata as Markdown, text and JSON.
#include "shipshape/docs.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <utility>

#include <fmt/format.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "json.hpp"

namespace shipshape {
namespace {

constexpr std::string_view kSectionOrder[] = {"Application development", "Governance", "Cluster configuration",
                                              "Input"};

int section_rank(std::string_view section) {
  for (std::size_t i = 0; i < std::size(kSectionOrder); ++i) {
    if (kSectionOrder[i] == section) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(kSectionOrder));
}

/// The checklist's groups in its own order; groups it does not name come after, by name.
constexpr std::string_view kGroupOrder[] = {
    // Application development
    "Health checks", "Graceful shutdown", "Fault tolerance", "Resource utilisation", "Tagging resources", "Logging",
    "Scaling", "Configuration and secrets",
    // Governance
    "Namespace limits", "Pod security", "Network policies", "Role-based access control", "Custom policies",
    // Cluster configuration (shipshape's own grouping; the checklist lists these items flat)
    "Control plane", "Audit logging", "etcd", "Nodes", "Versions and feature gates"};

int group_rank(std::string_view group) {
  for (std::size_t i = 0; i < std::size(kGroupOrder); ++i) {
    if (kGroupOrder[i] == group) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(kGroupOrder));
}

/// Rules ordered by section (checklist order), then group, then id.
std::vector<const RuleInfo*> ordered(std::vector<const RuleInfo*> rules) {
  std::stable_sort(rules.begin(), rules.end(), [](const RuleInfo* a, const RuleInfo* b) {
    const int sa = section_rank(a->section);
    const int sb = section_rank(b->section);
    if (sa != sb) return sa < sb;
    if (a->section != b->section) return a->section < b->section;
    return a->id < b->id;
  });
  return rules;
}

std::string escape_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out.push_back(c);
    }
  }
  return out;
}

template <typename... Args>
void append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

std::string first_sentence_free(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

/// Appends `text` (trailing newlines dropped) with every line indented by four spaces.
void append_indented(std::string& out, const std::string& text) {
  const std::string body = first_sentence_free(text);
  std::size_t i = 0;
  while (i <= body.size()) {
    std::size_t end = body.find('\n', i);
    if (end == std::string::npos) end = body.size();
    append(out, "    {}\n", std::string_view(body).substr(i, end - i));
    i = end + 1;
  }
}

/// What a built-in workload rule does with workload fragments (kustomize patches), for its page;
/// empty for other rules.
std::string fragment_note(const RuleInfo& info) {
  for (const auto& entry : Registry::builtin().entries()) {
    if (entry.prototype->info().id != info.id) continue;
    const Scope scope = entry.prototype->scope();
    if (!scope.all_workloads()) return {};
    return scope.fragments()
               ? "checked for the values they set (a workload without spec.selector or pod template labels, "
                 "reported once by schema-invalid)"
               : "not checked: the rule judges what a workload lacks, which a patch leaves to its base "
                 "(a workload without spec.selector or pod template labels is reported once by schema-invalid)";
  }
  return {};
}

/// What `shipshape fix` does per rule, sorted by id; tests/python/test_fix.py checks that
/// every rule whose fixtures carry fixes is listed and that no other is.
constexpr std::pair<std::string_view, std::string_view> kAutomaticFixes[] = {
    {"alpha-features-enabled",
     R"(Removes the alpha gate from `--feature-gates` (or from `featureGates` of a configuration file).)"},
    {"api-version-deprecated",
     R"(Rewrites `apiVersion` to the replacement, only where the replacement accepts every object of the old version.)"},
    {"api-version-removed",
     R"(Rewrites `apiVersion` to the replacement, only where the replacement accepts every object of the old version.)"},
    {"apiserver-admission-plugin-missing",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: adds the missing plugins to `--enable-admission-plugins`.)"},
    {"apiserver-admission-plugins",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: drops `AlwaysAdmit` or the disabled safety plugins from the lists (a list left empty is removed).)"},
    {"apiserver-anonymous-auth",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: `--anonymous-auth=false`.)"},
    {"apiserver-authorization",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: `--authorization-mode` without `AlwaysAllow` (`Node,RBAC` when nothing else is left).)"},
    {"apiserver-basic-auth", R"(Removes `--basic-auth-file`.)"},
    {"apiserver-insecure-serving", R"(Removes the insecure address flags, or sets `--insecure-port=0`.)"},
    {"apiserver-kubelet-tls", R"(Removes `--kubelet-https=false`.)"},
    {"apiserver-service-account-tokens",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: `--service-account-lookup=true` or `--service-account-extend-token-expiration=false`.)"},
    {"apiserver-static-token-auth", R"(Removes `--token-auth-file`.)"},
    {"apiserver-tls",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: `--secure-port=6443` where serving is turned off.)"},
    {"apiserver-weak-ciphers",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: keeps only the strong suites in `--tls-cipher-suites`, or sets `--tls-min-version=VersionTLS12`.)"},
    {"audit-log-retention",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: the retention flag at the rule's threshold.)"},
    {"capabilities-not-dropped",
     R"(Appends `ALL` to `securityContext.capabilities.drop`, creating only what is missing (an existing `capabilities.add` stays); a misspelt `all` is rewritten.)"},
    {"component-flag-removed", R"(Removes the flag (with its separate value), or the removed part of a list value.)"},
    {"controller-manager-hardening",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: `--use-service-account-credentials=true` or `--bind-address=127.0.0.1`.)"},
    {"cpu-limit-set", R"(Removes `resources.limits.cpu`.)"},
    {"dangerous-capability", R"(Removes the capability from `securityContext.capabilities.add`.)"},
    {"default-service-account-automount",
     R"(Sets `automountServiceAccountToken: false` on the default ServiceAccount.)"},
    {"duplicate-env-var", R"(Removes the earlier of the two `env` entries (the later one wins in Kubernetes).)"},
    {"etcd-tls",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: turns the TLS flag on, or removes `--auto-tls`/`--peer-auto-tls`.)"},
    {"feature-gate-removed",
     R"(Removes the gate from `--feature-gates` (or from `featureGates` of a configuration file).)"},
    {"host-ipc", R"(Removes `hostIPC`.)"},
    {"host-network", R"(Removes `hostNetwork`.)"},
    {"host-pid", R"(Removes `hostPID`.)"},
    {"host-port", R"(Removes `hostPort` from the container port.)"},
    {"hpa-replicas-invalid", R"(Sets `minReplicas: 2` when maxReplicas allows it.)"},
    {"ingress-host-invalid", R"(Lower-cases a host that is not in lower case (other problems need a person).)"},
    {"kube-proxy-metrics-address", R"(Binds the metrics address to `127.0.0.1` with the same port (field or flag).)"},
    {"kubelet-config-insecure",
     R"(Sets the field (or kubelet flag): anonymous authentication off, `Webhook` authorization, `readOnlyPort: 0`, `rotateCertificates: true`.)"},
    {"kubelet-event-qps", R"(Sets `eventRecordQPS: 50` (or the flag).)"},
    {"kubelet-hostname-override", R"(Removes `--hostname-override`.)"},
    {"kubelet-iptables-chains", R"(Sets `makeIPTablesUtilChains: true` (or the flag).)"},
    {"kubelet-seccomp-default", R"(Sets `seccompDefault: true` (or the flag).)"},
    {"kubelet-streaming-timeout", R"(Sets `streamingConnectionIdleTimeout: 5m` (or the flag).)"},
    {"kubelet-tls",
     R"(Keeps only the strong suites in `tlsCipherSuites`, or sets `tlsMinVersion: VersionTLS12` (or the flags).)"},
    {"memory-request-below-limit", R"(Sets `resources.requests.memory` to the limit.)"},
    {"metadata-api-reachable",
     R"(Appends the metadata address to the `ipBlock.except` list, creating it when missing.)"},
    {"pdb-blocks-eviction", R"(Sets `maxUnavailable: 1` (removing a `minAvailable` that blocks every eviction).)"},
    {"pod-spreading-missing",
     R"(Appends a `topologySpreadConstraints` entry (hostname, maxSkew 1, ScheduleAnyway) selecting the pod's labels.)"},
    {"prestop-hook-missing", R"(Adds a `lifecycle.preStop` `sleep` of 5 seconds (Kubernetes 1.30 and later only).)"},
    {"privilege-escalation-allowed",
     R"(Sets `securityContext.allowPrivilegeEscalation: false` (not for privileged containers).)"},
    {"privileged-container", R"(Sets `securityContext.privileged: false`.)"},
    {"profiling-enabled", R"(Sets `--profiling=false` (or `enableProfiling: false` in a configuration file).)"},
    {"replicas-too-few", R"(Sets `replicas` to the rule's minimum.)"},
    {"replicas-with-hpa", R"(Removes `spec.replicas`, which the autoscaler owns.)"},
    {"root-filesystem-writable", R"(Sets `securityContext.readOnlyRootFilesystem: true`.)"},
    {"run-as-root", R"(Sets `runAsNonRoot: true` in the container's (or pod's) securityContext.)"},
    {"scheduler-bind-address",
     R"(Sets the flag where it is written (the container's `command`/`args`, a kubeadm `extraArgs` entry), or adds it after the last argument: `--bind-address=127.0.0.1`.)"},
    {"seccomp-profile-missing", R"(Sets `securityContext.seccompProfile` to `{type: RuntimeDefault}`.)"},
    {"selector-mismatch", R"(Adds the labels the selector requires to the pod template.)"},
    {"service-account-token-mounted", R"(Sets `automountServiceAccountToken: false` on the pod spec.)"},
    {"termination-grace-period-zero", R"(Sets `terminationGracePeriodSeconds: 30`.)"},
    {"unsafe-proc-mount", R"(Removes `securityContext.procMount`.)"},
};

}  // namespace

std::string_view automatic_fix(std::string_view rule_id) noexcept {
  const auto* end = std::end(kAutomaticFixes);
  const auto* it = std::lower_bound(std::begin(kAutomaticFixes), end, rule_id,
                                    [](const auto& entry, std::string_view id) { return entry.first < id; });
  return it != end && it->first == rule_id ? it->second : std::string_view{};
}

std::string rule_markdown(const RuleInfo& info) {
  std::string out;
  append(out,
         "<!-- Generated from the rule's metadata by `shipshape rules --write-docs docs/rules`. Do not edit. -->\n\n");
  append(out, "# {}\n\n", info.id);
  append(out, "{}\n\n", info.summary);
  append(out, "| | |\n|---|---|\n");
  append(out, "| Checklist | {} › {} |\n", info.section, info.group);
  append(out, "| Default severity | {} |\n", to_string(info.severity));
  append(out, "| Enabled by default | {} |\n", info.enabled ? "yes" : "no (optional)");
  append(out, "| Applies to | {} |\n", escape_cell(info.applies_to));
  if (const std::string note = fragment_note(info); !note.empty()) append(out, "| Kustomize patches | {} |\n", note);
  append(out, "\n");
  append(out, "## Why it matters\n\n{}\n\n", info.rationale);
  append(out, "## How to fix\n\n{}\n\n", info.remediation);
  if (const auto fix = automatic_fix(info.id); !fix.empty()) {
    append(out, "## Automatic fix\n\n{} `shipshape fix` applies it in place (see [fix.md](../fix.md)).\n\n", fix);
  }
  if (!info.example_config.empty()) {
    append(out,
           "The examples below are checked under this configuration:\n\n"
           "```yaml\n# .shipshape.yaml\n{}\n```\n\n",
           first_sentence_free(info.example_config));
  }
  append(out, "## Example that fires\n\n```yaml\n{}\n```\n\n", first_sentence_free(info.bad_example));
  append(out, "## Example that passes\n\n```yaml\n{}\n```\n\n", first_sentence_free(info.good_example));
  if (!info.options.empty()) {
    append(out, "## Options\n\n| Option | Type | Default | Meaning |\n|---|---|---|---|\n");
    for (const auto& o : info.options) {
      append(out, "| `{}` | {} | `{}` | {} |\n", o.name, to_string(o.type), escape_cell(o.default_value),
             escape_cell(o.description));
    }
    append(out, "\n");
  }
  if (!info.notes.empty()) append(out, "## Notes\n\n{}\n\n", info.notes);
  append(out, "## Configuration\n\n```yaml\n# .shipshape.yaml\nrules:\n  {}:\n    enabled: {}\n    severity: {}\n",
         info.id, info.enabled ? "true" : "true   # optional rule: off unless enabled", to_string(info.severity));
  if (!info.options.empty()) {
    append(out, "    options:\n");
    for (const auto& o : info.options) append(out, "      {}: {}\n", o.name, o.default_value);
  }
  append(out,
         "```\n\nTo silence it for one object, annotate the object (or its pod template) with "
         "`shipshape.io/ignore: \"{}\"`.\n",
         info.id);
  return out;
}

std::string rule_text(const RuleInfo& info) {
  std::string out;
  append(out, "{}  ({}, {}; {} › {})\n\n", info.id, to_string(info.severity),
         info.enabled ? "on by default" : "optional", info.section, info.group);
  append(out, "{}\n\nApplies to: {}\n", info.summary, info.applies_to);
  if (const std::string note = fragment_note(info); !note.empty()) append(out, "\nKustomize patches: {}\n", note);
  append(out, "\nWhy: {}\n\nFix: {}\n", info.rationale, info.remediation);
  if (const auto fix = automatic_fix(info.id); !fix.empty()) {
    append(out, "\nAutomatic fix (shipshape fix): {}\n", fix);
  }
  if (!info.options.empty()) {
    append(out, "\nOptions:\n");
    for (const auto& o : info.options)
      append(out, "  {} ({}, default {}): {}\n", o.name, to_string(o.type), o.default_value, o.description);
  }
  if (!info.notes.empty()) append(out, "\nNotes: {}\n", info.notes);
  if (!info.example_config.empty()) {
    append(out, "\nThe examples assume this configuration:\n");
    append_indented(out, info.example_config);
  }
  append(out, "\nFires on:\n");
  append_indented(out, info.bad_example);
  return out;
}

std::string rules_markdown_table(const std::vector<const RuleInfo*>& rules, const std::string& link_prefix) {
  std::string out;
  std::string section;
  for (const RuleInfo* r : ordered(rules)) {
    if (r->section != section) {
      section = r->section;
      fmt::format_to(std::back_inserter(out),
                     "{}### {}\n\n| Rule | Group | Severity | Default | Fires when |\n|---|---|---|---|---|\n",
                     out.empty() ? "" : "\n", section);
    }
    fmt::format_to(std::back_inserter(out), "| [`{}`]({}{}.md) | {} | {} | {} | {} |\n", r->id, link_prefix, r->id,
                   r->group, to_string(r->severity), r->enabled ? "on" : "off", escape_cell(r->summary));
  }
  return out;
}

std::string checklist_markdown(const std::vector<const RuleInfo*>& rules, const std::string& link_prefix) {
  std::vector<const RuleInfo*> sorted = rules;
  std::stable_sort(sorted.begin(), sorted.end(), [](const RuleInfo* a, const RuleInfo* b) {
    const int sa = section_rank(a->section);
    const int sb = section_rank(b->section);
    if (sa != sb) return sa < sb;
    if (a->section != b->section) return a->section < b->section;
    const int ga = group_rank(a->group);
    const int gb = group_rank(b->group);
    if (ga != gb) return ga < gb;
    if (a->group != b->group) return a->group < b->group;
    return a->id < b->id;
  });
  // The three sections of the checklist always appear; other sections only with rules.
  std::vector<std::string_view> sections(std::begin(kSectionOrder), std::begin(kSectionOrder) + 3);
  for (const RuleInfo* r : sorted) {
    if (std::find(sections.begin(), sections.end(), r->section) == sections.end()) sections.push_back(r->section);
  }
  std::string out;
  for (std::size_t n = 0; n < sections.size(); ++n) {
    const std::string_view section = sections[n];
    if (n < 3) {
      append(out, "{}## {}. {}\n\n", out.empty() ? "" : "\n", n + 1, section);
    } else if (section == "Input") {
      append(out, "\n## Always on: input problems\n\n");
    } else {
      append(out, "\n## {}\n\n", section);
    }
    std::string group;
    bool any = false;
    for (const RuleInfo* r : sorted) {
      if (r->section != section) continue;
      if (!any) out += "| Checklist group | Rules |\n|---|---|\n";
      if (!any || r->group != group) {
        append(out, "{}| {} | ", any ? " |\n" : "", r->group);
        group = r->group;
      } else {
        out += ", ";
      }
      append(out, "[{}]({}{}.md)", r->id, link_prefix, r->id);
      any = true;
    }
    out += any ? " |\n" : "No rule covers this section yet.\n";
  }
  return out;
}

std::string rules_index_markdown(const std::vector<const RuleInfo*>& rules) {
  return "<!-- Generated by `shipshape rules --write-docs docs/rules`. Do not edit. -->\n\n"
         "# Rules\n\nEvery built-in rule, by section of the production checklist. Each page says what the rule "
         "checks, why it matters, how to fix it, and how to configure it.\n\n" +
         rules_markdown_table(rules, "");
}

std::string rules_text_table(const std::vector<const RuleInfo*>& rules) {
  std::size_t width = 4;
  for (const RuleInfo* r : rules) width = std::max(width, r->id.size());
  std::string out = fmt::format("{:<{}}  {:<8}  {:<3}  {}\n", "RULE", width, "SEVERITY", "ON", "GROUP");
  for (const RuleInfo* r : ordered(rules)) {
    fmt::format_to(std::back_inserter(out), "{:<{}}  {:<8}  {:<3}  {}\n", r->id, width, to_string(r->severity),
                   r->enabled ? "yes" : "no", r->group);
  }
  return out;
}

std::string rules_json(const std::vector<const RuleInfo*>& rules) {
  json::StringBuffer buffer;
  json::PrettyWriter<json::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&](std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); };
  w.StartObject();
  w.Key("rules");
  w.StartArray();
  for (const RuleInfo* r : rules) {
    w.StartObject();
    w.Key("id");
    str(r->id);
    w.Key("section");
    str(r->section);
    w.Key("group");
    str(r->group);
    w.Key("severity");
    str(to_string(r->severity));
    w.Key("enabled");
    w.Bool(r->enabled);
    w.Key("summary");
    str(r->summary);
    w.Key("appliesTo");
    str(r->applies_to);
    w.Key("rationale");
    str(r->rationale);
    w.Key("remediation");
    str(r->remediation);
    w.Key("badExample");
    str(r->bad_example);
    w.Key("goodExample");
    str(r->good_example);
    w.Key("options");
    w.StartArray();
    for (const auto& o : r->options) {
      w.StartObject();
      w.Key("name");
      str(o.name);
      w.Key("type");
      str(to_string(o.type));
      w.Key("default");
      str(o.default_value);
      w.Key("description");
      str(o.description);
      w.EndObject();
    }
    w.EndArray();
    w.Key("notes");
    str(r->notes);
    w.Key("exampleConfig");
    str(r->example_config);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace shipshape
