// Reading component flags from containers and kubeadm configurations, and kubelet settings from
// flags or KubeletConfiguration objects.
#include "rules/cluster.hpp"

#include <algorithm>
#include <array>

#include "rules/cluster_data.hpp"
#include "rules/shell.hpp"

namespace shipshape::rules {

std::string_view binary_name(Component c) noexcept {
  switch (c) {
    case Component::apiserver:
      return "kube-apiserver";
    case Component::controller_manager:
      return "kube-controller-manager";
    case Component::scheduler:
      return "kube-scheduler";
    case Component::etcd:
      return "etcd";
    case Component::kubelet:
      return "kubelet";
    case Component::kube_proxy:
      return "kube-proxy";
  }
  return "kube-apiserver";
}

std::string Flag::text() const { return value.empty() ? "--" + name : fmt::format("--{}={}", name, value); }

const Flag* ComponentFlags::find(std::string_view name) const noexcept {
  for (auto it = flags.rbegin(); it != flags.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return nullptr;
}

std::vector<std::string_view> split_list(std::string_view value) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i <= value.size()) {
    std::size_t end = value.find(',', i);
    if (end == std::string_view::npos) end = value.size();
    std::string_view item = value.substr(i, end - i);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.push_back(item);
    i = end + 1;
  }
  return out;
}

std::optional<bool> parse_bool(std::string_view text) noexcept {
  std::string lower;
  for (char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "true" || lower == "1" || lower == "t") return true;
  if (lower == "false" || lower == "0" || lower == "f") return false;
  return std::nullopt;
}

namespace {

/// A word of a command line: an argv item, or a word of a shell script.
struct Word {
  std::string_view text;
  Value node;
  FieldPath path;
  std::size_t item = 0;
};

std::optional<Component> component_of(std::string_view base, bool after_hyperkube) noexcept {
  if (after_hyperkube && base.substr(0, 5) != "kube-") {
    if (base == "apiserver") return Component::apiserver;
    if (base == "controller-manager") return Component::controller_manager;
    if (base == "scheduler") return Component::scheduler;
    if (base == "proxy") return Component::kube_proxy;
  }
  if (base == "kube-apiserver") return Component::apiserver;
  if (base == "kube-controller-manager") return Component::controller_manager;
  if (base == "kube-scheduler") return Component::scheduler;
  if (base == "etcd") return Component::etcd;
  if (base == "kubelet") return Component::kubelet;
  if (base == "kube-proxy") return Component::kube_proxy;
  return std::nullopt;
}

bool is_shell(std::string_view base) noexcept {
  return base == "sh" || base == "bash" || base == "ash" || base == "dash" || base == "zsh" || base == "ksh" ||
         base == "busybox";
}

/// Boolean flags of the components: written bare, they do not take the next word as value.
bool is_boolean_flag(std::string_view name) noexcept {
  static constexpr std::array kBoolean{
      std::string_view{"add-dir-header"},
      std::string_view{"allocate-node-cidrs"},
      std::string_view{"allow-privileged"},
      std::string_view{"alsologtostderr"},
      std::string_view{"anonymous-auth"},
      std::string_view{"auto-tls"},
      std::string_view{"cgroups-per-qos"},
      std::string_view{"client-cert-auth"},
      std::string_view{"configure-cloud-routes"},
      std::string_view{"contention-profiling"},
      std::string_view{"enable-aggregator-routing"},
      std::string_view{"enable-bootstrap-token-auth"},
      std::string_view{"enable-controller-attach-detach"},
      std::string_view{"enable-debugging-handlers"},
      std::string_view{"enable-dynamic-provisioning"},
      std::string_view{"enable-garbage-collector"},
      std::string_view{"enable-hostpath-provisioner"},
      std::string_view{"enable-logs-handler"},
      std::string_view{"enable-pprof"},
      std::string_view{"enable-priority-and-fairness"},
      std::string_view{"enable-server"},
      std::string_view{"enable-taint-manager"},
      std::string_view{"enable-v2"},
      std::string_view{"exit-on-lock-contention"},
      std::string_view{"experimental-initial-corrupt-check"},
      std::string_view{"fail-swap-on"},
      std::string_view{"help"},
      std::string_view{"kubelet-https"},
      std::string_view{"leader-elect"},
      std::string_view{"logtostderr"},
      std::string_view{"make-iptables-util-chains"},
      std::string_view{"masquerade-all"},
      std::string_view{"one-output"},
      std::string_view{"peer-auto-tls"},
      std::string_view{"peer-client-cert-auth"},
      std::string_view{"profiling"},
      std::string_view{"protect-kernel-defaults"},
      std::string_view{"register-node"},
      std::string_view{"rotate-certificates"},
      std::string_view{"rotate-server-certificates"},
      std::string_view{"seccomp-default"},
      std::string_view{"serialize-image-pulls"},
      std::string_view{"service-account-extend-token-expiration"},
      std::string_view{"service-account-lookup"},
      std::string_view{"skip-headers"},
      std::string_view{"skip-log-headers"},
      std::string_view{"strict-reconfig-check"},
      std::string_view{"use-service-account-credentials"},
  };
  return std::binary_search(kBoolean.begin(), kBoolean.end(), name);
}

/// Parses flags as the components do (pflag; etcd's flag package reads the same forms).
void parse_flags(std::span<const Word> words, FlagForm script_form, std::vector<Flag>& out) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view t = words[i].text;
    if (t == "--") break;
    if (t.size() < 2 || t[0] != '-') continue;  // a positional argument
    t.remove_prefix(t[1] == '-' ? 2 : 1);
    if (t.empty() || t[0] == '-') continue;
    Flag f;
    f.node = words[i].node;
    f.path = words[i].path;
    f.item = words[i].item;
    if (const auto eq = t.find('='); eq != std::string_view::npos) {
      f.name = std::string(t.substr(0, eq));
      f.value = std::string(t.substr(eq + 1));
      f.form = FlagForm::joined;
    } else if (is_boolean_flag(t) || i + 1 >= words.size() ||
               (!words[i + 1].text.empty() && words[i + 1].text[0] == '-')) {
      f.name = std::string(t);
      f.value = "true";
      f.form = FlagForm::bare;
    } else {
      f.name = std::string(t);
      f.value = std::string(words[i + 1].text);
      f.form = FlagForm::separate;
      ++i;
    }
    if (script_form == FlagForm::script) f.form = FlagForm::script;
    out.push_back(std::move(f));
  }
}

std::string_view image_base(std::string_view image) noexcept {
  if (const auto at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
  const auto slash = image.rfind('/');
  std::string_view last = slash == std::string_view::npos ? image : image.substr(slash + 1);
  if (const auto colon = last.find(':'); colon != std::string_view::npos) last = last.substr(0, colon);
  return last;
}

}  // namespace

/// Builds ComponentFlags (a friend: it sets the private fix data).
struct FlagsBuilder {
  static void add_container(const Container& c, std::vector<ComponentFlags>& out) {
    const Value command = c["command"];
    const Value args = c["args"];
    const bool has_command = command.is_sequence() && !command.empty();
    const Value first = has_command ? command[0] : args[0];
    // A first item that is a flag names no binary (`--kubelet-service=ns/kubelet` is not the kubelet).
    const std::string_view base = first.str().substr(0, 1) == "-" ? std::string_view{} : base_name(first.str());
    const bool hyperkube = base == "hyperkube";
    std::optional<Component> component = hyperkube ? std::nullopt : component_of(base, false);
    const bool shell = !component && !hyperkube && is_shell(base);
    std::optional<Component> by_image;
    if (!component && !hyperkube && !shell && !has_command && first.str().substr(0, 1) == "-") {
      by_image = component_of(image_base(c["image"].str()), false);
      if (!by_image) return;
    } else if (!component && !hyperkube && !shell) {
      return;
    }

    const auto argv = argv_of(command, args);
    const FieldPath container_path = c.path();
    std::vector<Word> words;
    std::size_t start = 0;
    if (shell) {
      const auto script_at = shell_script_at(argv);
      if (!script_at) return;
      const ArgvItem& item = argv[*script_at];
      const std::string_view script = item.text();
      if (script.find("kube") == std::string_view::npos && script.find("etcd") == std::string_view::npos) return;
      const FieldPath path = container_path.key(item.list).index(item.index);
      // The words must outlive the Flags built from them: keep the parsed script here.
      const auto commands = parse_shell(script);
      for (const SimpleCommand& sc : commands) {
        if (sc.words.empty()) continue;
        std::size_t first_flag = 1;
        std::optional<Component> found = component_of(base_name(sc.words[0]), false);
        if (!found && base_name(sc.words[0]) == "hyperkube" && sc.words.size() > 1) {
          found = component_of(sc.words[1], true);
          first_flag = 2;
        }
        if (!found) continue;
        std::vector<Word> script_words;
        for (std::size_t i = first_flag; i < sc.words.size(); ++i) {
          script_words.push_back({sc.words[i], item.node, path, item.index});
        }
        ComponentFlags cf = start_container(c, *found);
        cf.script_ = true;
        parse_flags(script_words, FlagForm::script, cf.flags);
        finish_container(cf);
        out.push_back(std::move(cf));
        return;
      }
      return;
    }
    std::optional<Component> runs = hyperkube ? std::nullopt : component ? component : by_image;
    if (hyperkube) {
      if (argv.size() < 2) return;
      runs = component_of(base_name(argv[1].text()), true);
      start = 2;
    } else if (component) {
      start = 1;
    }
    if (!runs) return;
    const Component which = runs.value();
    for (std::size_t i = start; i < argv.size(); ++i) {
      words.push_back({argv[i].text(), argv[i].node, container_path.key(argv[i].list).index(argv[i].index), i});
    }
    ComponentFlags cf = start_container(c, which);
    // New flags go after the last item: into args when the container has them, else into command.
    cf.append_path_ = container_path.key(args.is_sequence() ? "args" : "command");
    parse_flags(words, FlagForm::joined, cf.flags);
    finish_container(cf);
    out.push_back(std::move(cf));
  }

  static ComponentFlags start_container(const Container& c, Component component) {
    ComponentFlags cf;
    cf.component = component;
    cf.source = FlagSource::container;
    cf.who = fmt::format("{} in {}", binary_name(component), c.describe());
    cf.anchor = c.node();
    cf.anchor_path = c.path();
    cf.image = std::string(c["image"].str());
    return cf;
  }

  static void finish_container(ComponentFlags& cf) {
    if (cf.component == Component::kubelet && cf.find("config")) cf.defaults_apply_ = false;
  }

  static void add_kubeadm_section(const Resource& r, std::string_view section, Component component,
                                  std::vector<ComponentFlags>& out) {
    const Value node = at_path(r, FieldPath::parse(section));
    const Value extra = node["extraArgs"];
    ComponentFlags cf;
    cf.component = component;
    cf.source = FlagSource::kubeadm;
    cf.append_path_ = FieldPath::parse(section).key("extraArgs");
    cf.who = fmt::format("{} ({}.extraArgs)", binary_name(component), section);
    if (extra) {
      cf.anchor = extra;
    } else if (node) {
      const auto dot = section.rfind('.');
      const Value parent =
          dot == std::string_view::npos ? r.root() : at_path(r, FieldPath::parse(section.substr(0, dot)));
      cf.anchor = parent.key_node(dot == std::string_view::npos ? section : section.substr(dot + 1));
    } else {
      cf.anchor = r.root();
    }
    cf.anchor_path = cf.append_path_;
    cf.list_form_ = extra.is_sequence() || (!extra.is_mapping() && r.version() == "v1beta4");
    for (const KubeadmFlag& k : kubeadm_flags()) {
      if (k.component != component) continue;
      Flag f;
      f.name = std::string(k.name);
      f.value = std::string(k.value);
      f.form = FlagForm::implied;
      cf.flags.push_back(std::move(f));
    }
    if (component == Component::apiserver) external_etcd(r, cf);
    read_extra_args(extra, cf.append_path_, cf.flags);
    out.push_back(std::move(cf));
  }

  /// With external etcd, the API server's etcd client flags come from etcd.external.
  static void external_etcd(const Resource& r, ComponentFlags& cf) {
    const Value external = r.root()["etcd"]["external"];
    if (!external.is_mapping()) return;
    const std::array<std::pair<std::string_view, std::string_view>, 3> fields{
        {{"etcd-cafile", "caFile"}, {"etcd-certfile", "certFile"}, {"etcd-keyfile", "keyFile"}}};
    for (const auto& [flag_name, field] : fields) {
      const std::string_view flag = flag_name;  // clang before 16 cannot capture a structured binding
      auto it = std::find_if(cf.flags.begin(), cf.flags.end(), [&](const Flag& f) { return f.name == flag; });
      if (it == cf.flags.end()) continue;
      const Value v = external[field];
      if (v.is_scalar() && !v.str().empty()) {
        it->value = std::string(v.str());
      } else {
        cf.flags.erase(it);
      }
    }
  }

  static void read_extra_args(Value extra, const FieldPath& path, std::vector<Flag>& out) {
    if (extra.is_mapping()) {
      for (const Entry e : extra.entries()) {
        if (!e.key.is_scalar()) continue;
        Flag f;
        f.name = std::string(e.key.str());
        f.value = std::string(e.value.str());
        f.node = e.value ? e.value : e.key;
        f.path = path.key(e.key.str());
        f.form = FlagForm::map;
        out.push_back(std::move(f));
      }
    } else if (extra.is_sequence()) {
      std::size_t i = 0;
      for (Value entry : extra.items()) {
        const Value name = entry["name"];
        if (name.is_scalar() && !name.str().empty()) {
          Flag f;
          f.name = std::string(name.str());
          f.value = std::string(entry["value"].str());
          f.node = entry["value"] ? entry["value"] : entry;
          f.path = entry["value"] ? path.index(i).key("value") : path.index(i);
          f.form = FlagForm::list;
          f.item = i;
          out.push_back(std::move(f));
        }
        ++i;
      }
    }
  }

  static void add_kubeadm_kubelet(const Resource& r, std::vector<ComponentFlags>& out) {
    const Value registration = r.root()["nodeRegistration"];
    const Value extra = registration["kubeletExtraArgs"];
    if (!extra.is_mapping() && !extra.is_sequence()) return;
    ComponentFlags cf;
    cf.component = Component::kubelet;
    cf.source = FlagSource::kubeadm_kubelet;
    cf.append_path_ = FieldPath::parse("nodeRegistration.kubeletExtraArgs");
    cf.who = "kubelet (nodeRegistration.kubeletExtraArgs)";
    cf.anchor = extra;
    cf.anchor_path = cf.append_path_;
    cf.list_form_ = extra.is_sequence();
    cf.defaults_apply_ = false;
    read_extra_args(extra, cf.append_path_, cf.flags);
    out.push_back(std::move(cf));
  }
};

std::vector<ComponentFlags> component_flags(const Resource& r) {
  std::vector<ComponentFlags> out;
  if (r.is_workload()) {
    for (const Container& c : r.containers()) FlagsBuilder::add_container(c, out);
    return out;
  }
  if (r.group() != "kubeadm.k8s.io") return out;
  if (r.kind() == "ClusterConfiguration") {
    FlagsBuilder::add_kubeadm_section(r, "apiServer", Component::apiserver, out);
    FlagsBuilder::add_kubeadm_section(r, "controllerManager", Component::controller_manager, out);
    FlagsBuilder::add_kubeadm_section(r, "scheduler", Component::scheduler, out);
    if (!r.root()["etcd"]["external"].is_mapping()) {
      FlagsBuilder::add_kubeadm_section(r, "etcd.local", Component::etcd, out);
    }
  } else if (r.kind() == "InitConfiguration" || r.kind() == "JoinConfiguration") {
    FlagsBuilder::add_kubeadm_kubelet(r, out);
  }
  return out;
}

Fix ComponentFlags::set(const Resource& r, std::string_view name, std::string_view value) const {
  if (script_) return {};
  const Flag* f = find(name);
  if (f && f->written()) {
    switch (f->form) {
      case FlagForm::joined:
      case FlagForm::bare:
        return {{"replace", f->path.json_pointer(), json_quote(fmt::format("--{}={}", name, value))}};
      case FlagForm::separate: {
        const auto& segments = f->path.segments();
        FieldPath value_path;
        for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
          value_path = segments[i].index >= 0 ? value_path.index(static_cast<std::size_t>(segments[i].index))
                                              : value_path.key(segments[i].key);
        }
        value_path = value_path.index(static_cast<std::size_t>(segments.back().index) + 1);
        return {{"replace", value_path.json_pointer(), json_quote(value)}};
      }
      case FlagForm::map:
      case FlagForm::list:
        return {{"replace", f->path.json_pointer(), json_quote(value)}};
      default:
        return {};
    }
  }
  if (source == FlagSource::container) {
    return {{"add", append_path_.json_pointer() + "/-", json_quote(fmt::format("--{}={}", name, value))}};
  }
  if (!list_form_) return set_field(r, append_path_.key(name), json_quote(value));
  const std::string entry = fmt::format("{{\"name\":{},\"value\":{}}}", json_quote(name), json_quote(value));
  return append_item(r, append_path_, entry);
}

Fix ComponentFlags::remove(const Flag& f) const {
  switch (f.form) {
    case FlagForm::joined:
    case FlagForm::bare:
    case FlagForm::map:
      return remove_field(f.path);
    case FlagForm::list:
      return remove_field(append_path_.index(f.item));
    case FlagForm::separate: {
      const auto& segments = f.path.segments();
      FieldPath value_path;
      for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
        value_path = segments[i].index >= 0 ? value_path.index(static_cast<std::size_t>(segments[i].index))
                                            : value_path.key(segments[i].key);
      }
      value_path = value_path.index(static_cast<std::size_t>(segments.back().index) + 1);
      // The value first: removing the flag first would shift it.
      return {{"remove", value_path.json_pointer(), {}}, {"remove", f.path.json_pointer(), {}}};
    }
    default:
      return {};
  }
}

std::vector<GateSetting> gates_of(const Flag& flag) {
  std::vector<GateSetting> out;
  for (std::string_view item : split_list(flag.value)) {
    GateSetting g;
    const auto eq = item.find('=');
    g.name = std::string(item.substr(0, eq));
    g.value = eq == std::string_view::npos ? std::string{} : std::string(item.substr(eq + 1));
    g.enabled = parse_bool(g.value);
    g.node = flag.node;
    g.path = flag.path;
    out.push_back(std::move(g));
  }
  return out;
}

std::vector<GateSetting> gates_of(Value map, const FieldPath& path) {
  std::vector<GateSetting> out;
  for (const Entry e : map.entries()) {
    GateSetting g;
    g.name = std::string(e.key.str());
    g.value = std::string(e.value.str());
    g.enabled = e.value.is_scalar() ? e.value.as_bool() : std::nullopt;
    if (!g.enabled) g.enabled = parse_bool(g.value);
    g.node = e.value ? e.value : e.key;
    g.path = path.key(e.key.str());
    out.push_back(std::move(g));
  }
  return out;
}

// --- kubelet ---------------------------------------------------------------------------------

namespace {

struct KubeletSpec {
  std::string_view flag;
  std::string_view field;            // dotted path in KubeletConfiguration; empty when only a flag
  std::string_view flag_default;     // empty: no default
  std::string_view config_default;   // kubelet.config.k8s.io/v1beta1 default
  std::string_view kubeadm_default;  // what kubeadm writes when the field is unset; empty: the config default
};

constexpr std::array kKubeletSpecs{
    KubeletSpec{"anonymous-auth", "authentication.anonymous.enabled", "true", "false", ""},
    KubeletSpec{"authorization-mode", "authorization.mode", "AlwaysAllow", "Webhook", ""},
    KubeletSpec{"read-only-port", "readOnlyPort", "10255", "0", ""},
    KubeletSpec{"client-ca-file", "authentication.x509.clientCAFile", "", "", "/etc/kubernetes/pki/ca.crt"},
    KubeletSpec{"rotate-certificates", "rotateCertificates", "false", "false", "true"},
    KubeletSpec{"rotate-server-certificates", "serverTLSBootstrap", "false", "false", ""},
    KubeletSpec{"streaming-connection-idle-timeout", "streamingConnectionIdleTimeout", "4h0m0s", "4h0m0s", ""},
    KubeletSpec{"protect-kernel-defaults", "protectKernelDefaults", "false", "false", ""},
    KubeletSpec{"make-iptables-util-chains", "makeIPTablesUtilChains", "true", "true", ""},
    KubeletSpec{"hostname-override", "", "", "", ""},
    KubeletSpec{"event-qps", "eventRecordQPS", "50", "50", ""},
    KubeletSpec{"tls-cert-file", "tlsCertFile", "", "", ""},
    KubeletSpec{"tls-private-key-file", "tlsPrivateKeyFile", "", "", ""},
    KubeletSpec{"tls-cipher-suites", "tlsCipherSuites", "", "", ""},
    KubeletSpec{"pod-max-pids", "podPidsLimit", "-1", "-1", ""},
    KubeletSpec{"seccomp-default", "seccompDefault", "false", "false", ""},
    KubeletSpec{"tls-min-version", "tlsMinVersion", "", "", ""},
};

const KubeletSpec& spec(KubeletField f) noexcept { return kKubeletSpecs[static_cast<std::size_t>(f)]; }

bool same_file(const Resource& a, const Resource& b) noexcept { return a.source().file_index == b.source().file_index; }

}  // namespace

std::string_view kubelet_flag(KubeletField f) noexcept { return spec(f).flag; }
std::string_view kubelet_config_field(KubeletField f) noexcept { return spec(f).field; }

KubeletSettings::KubeletSettings(const ComponentFlags& flags) : flags_(&flags), who_(flags.who) {}

KubeletSettings::KubeletSettings(const Resource& config, const Index& index) : config_(&config), who_("the kubelet") {
  for (std::string_view kind : {"InitConfiguration", "JoinConfiguration", "ClusterConfiguration"}) {
    for (const Resource* k : index.of_kind(kind)) {
      if (k->group() != "kubeadm.k8s.io" || !same_file(*k, config)) continue;
      kubeadm_ = true;
      const Value extra = k->root()["nodeRegistration"]["kubeletExtraArgs"];
      for (const Entry e : extra.entries()) overridden_.push_back(e.key.str());
      for (Value item : extra.items()) overridden_.push_back(item["name"].str());
    }
  }
}

KubeletValue KubeletSettings::get(KubeletField f) const {
  const KubeletSpec& s = spec(f);
  KubeletValue out;
  if (flags_) {
    if (const Flag* flag = flags_->find(s.flag)) {
      out.origin = KubeletValue::Origin::flag;
      out.text = flag->value;
      out.node = flag->node;
      out.path = flag->path;
      out.flag = flag;
    } else if (flags_->defaults_apply()) {
      out.origin = KubeletValue::Origin::default_;
      out.text = std::string(s.flag_default);
      out.node = flags_->anchor;
      out.path = flags_->anchor_path;
    }
    return out;
  }
  if (s.field.empty() || std::find(overridden_.begin(), overridden_.end(), s.flag) != overridden_.end()) return out;
  out.path = FieldPath::parse(s.field);
  Value v = config_->root();
  Value deepest = v;  // the key of the deepest mapping that exists, to point at when the field is unset
  for (const auto& seg : out.path.segments()) {
    const Value key = v.key_node(seg.key);
    v = v[seg.key];
    if (!v || v.is_null()) break;
    deepest = key;
  }
  if (v && !v.is_null()) {
    out.origin = KubeletValue::Origin::config;
    out.node = v;
    if (v.is_sequence()) {
      for (Value item : v.items()) out.text += fmt::format("{}{}", out.text.empty() ? "" : ",", item.str());
    } else {
      out.text = std::string(v.str());
    }
    return out;
  }
  out.origin = KubeletValue::Origin::default_;
  out.text = std::string(kubeadm_ && !s.kubeadm_default.empty() ? s.kubeadm_default : s.config_default);
  out.node = deepest;
  return out;
}

std::string KubeletSettings::name(KubeletField f) const {
  return flags_ ? fmt::format("--{}", spec(f).flag) : std::string(spec(f).field);
}

std::string KubeletSettings::describe(KubeletField f, const KubeletValue& v) const {
  const KubeletSpec& s = spec(f);
  switch (v.origin) {
    case KubeletValue::Origin::flag:
      return fmt::format("--{}={}", s.flag, v.text);
    case KubeletValue::Origin::config:
      return fmt::format("{}: {}", s.field, v.text);
    case KubeletValue::Origin::default_:
      if (v.text.empty()) return fmt::format("{} is not set", name(f));
      if (config_ && kubeadm_ && !s.kubeadm_default.empty()) {
        return fmt::format("{} is not set (kubeadm sets {})", name(f), v.text);
      }
      return fmt::format("{} is not set (defaults to {})", name(f), v.text);
    case KubeletValue::Origin::unknown:
      break;
  }
  return name(f);
}

Fix KubeletSettings::fix(const Resource& r, KubeletField f, std::string_view json, std::string_view flag_value) const {
  if (flags_) return flags_->set(r, spec(f).flag, flag_value);
  if (spec(f).field.empty()) return {};
  return set_field(r, FieldPath::parse(spec(f).field), std::string(json));
}

Fix KubeletSettings::remove(const KubeletValue& v) const {
  if (!flags_ || !v.flag) return {};
  return flags_->remove(*v.flag);
}

std::vector<GateSetting> KubeletSettings::feature_gates() const {
  std::vector<GateSetting> out;
  if (flags_) {
    for (const Flag& f : flags_->flags) {
      if (f.name != "feature-gates") continue;
      auto gates = gates_of(f);
      std::move(gates.begin(), gates.end(), std::back_inserter(out));
    }
    return out;
  }
  if (std::find(overridden_.begin(), overridden_.end(), "feature-gates") != overridden_.end()) return out;
  return gates_of(config_->root()["featureGates"], FieldPath::parse("featureGates"));
}

void for_each_feature_gate(const Resource& r, const Index& index,
                           const std::function<void(const GateSetting&, const GateSource&)>& fn) {
  if (is_kubelet_configuration(r)) {
    const KubeletSettings k(r, index);
    const GateSource source{"the kubelet"};
    for (const GateSetting& g : k.feature_gates()) fn(g, source);
    return;
  }
  if (r.kind() == "KubeProxyConfiguration") {
    if (r.group() != "kubeproxy.config.k8s.io") return;
    const GateSource source{"kube-proxy"};
    for (const GateSetting& g : gates_of(r.root()["featureGates"], FieldPath::parse("featureGates"))) fn(g, source);
    return;
  }
  for (const ComponentFlags& c : component_flags(r)) {
    for (const Flag& f : c.flags) {
      if (f.name != "feature-gates" || !f.written()) continue;
      const GateSource source{c.who, &c, &f};
      for (const GateSetting& g : gates_of(f)) fn(g, source);
    }
  }
}

Fix remove_gate(const Resource& r, const GateSetting& gate, const GateSource& source) {
  if (!source.flags) return remove_field(gate.path);
  std::string rest;
  for (const GateSetting& g : gates_of(*source.flag)) {
    if (g.name != gate.name) rest += fmt::format("{}{}={}", rest.empty() ? "" : ",", g.name, g.value);
  }
  if (rest.empty()) return source.flags->remove(*source.flag);
  if (source.flags->find("feature-gates") != source.flag) return {};  // an earlier of several flags
  return source.flags->set(r, "feature-gates", rest);
}

Scope feature_gate_scope() {
  return Scope::workloads().with_kinds({{"kubeadm.k8s.io", "ClusterConfiguration"},
                                        {"kubeadm.k8s.io", "InitConfiguration"},
                                        {"kubeadm.k8s.io", "JoinConfiguration"},
                                        {"kubelet.config.k8s.io", "KubeletConfiguration"},
                                        {"kubeproxy.config.k8s.io", "KubeProxyConfiguration"}});
}

Scope cluster_scope() {
  return Scope::workloads().with_kinds({{"kubeadm.k8s.io", "ClusterConfiguration"},
                                        {"kubeadm.k8s.io", "InitConfiguration"},
                                        {"kubeadm.k8s.io", "JoinConfiguration"}});
}

Scope kubelet_scope() {
  return Scope::workloads().with_kinds({{"kubeadm.k8s.io", "InitConfiguration"},
                                        {"kubeadm.k8s.io", "JoinConfiguration"},
                                        {"kubelet.config.k8s.io", "KubeletConfiguration"}});
}

std::string version_text(KubernetesVersion v) { return fmt::format("{}.{}", v.major, v.minor); }

std::optional<KubernetesVersion> image_version(std::string_view image) noexcept {
  if (const auto at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
  const auto slash = image.rfind('/');
  const auto colon = image.rfind(':');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) return std::nullopt;
  const std::string_view tag = image.substr(colon + 1);
  if (tag.empty() || tag[0] != 'v') return std::nullopt;
  return KubernetesVersion::parse(tag);
}

std::string target_note(const ComponentFlags& c, KubernetesVersion target) {
  const auto image = image_version(c.image);
  if (image && image->minor != target.minor && c.component != Component::etcd) {
    return fmt::format("(the target version is {}; the image is {}: pass --kubernetes-version {} to check against it)",
                       version_text(target), c.image.substr(c.image.rfind(':') + 1), version_text(*image));
  }
  return fmt::format("(the target version is {})", version_text(target));
}

std::string describe_flag(std::string_view name, const Flag* f, std::string_view default_value) {
  if (f && f->written()) return f->text();
  if (f) return fmt::format("--{} is not set (kubeadm sets {})", name, f->value);
  if (default_value.empty()) return fmt::format("--{} is not set", name);
  return fmt::format("--{} is not set (defaults to {})", name, default_value);
}

void report_flag(Context& ctx, const Resource& r, const ComponentFlags& c, const Flag* f, std::string message, Fix fix,
                 std::optional<Severity> severity) {
  if (f && f->written()) {
    ctx.report(r, f->node, f->path, std::move(message), std::move(fix), severity);
  } else {
    ctx.report(r, c.anchor, c.anchor_path, std::move(message), std::move(fix), severity);
  }
}

void ComponentRule::check(const Resource& r, Context& ctx) const {
  for (const ComponentFlags& c : component_flags(r)) {
    if (std::find(components_.begin(), components_.end(), c.component) != components_.end()) {
      check_component(r, c, ctx);
    }
  }
}

void report_kubelet(Context& ctx, const Resource& r, const KubeletValue& v, std::string message, Fix fix,
                    std::optional<Severity> severity) {
  ctx.report(r, v.node ? v.node : r.root(), v.path, std::move(message), std::move(fix), severity);
}

std::optional<bool> duration_is_zero(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  bool zero = true;
  bool digits = false;
  std::size_t i = 0;
  if (text[0] == '+' || text[0] == '-') ++i;
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) {
      if (text[i] >= '1' && text[i] <= '9') zero = false;
      ++i;
    }
    if (i == start) return std::nullopt;
    digits = true;
    const std::size_t unit = i;
    while (i < text.size() && !((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    const std::string_view u = text.substr(unit, i - unit);
    if (u.empty()) {
      // Go requires a unit except for a lone 0.
      if (text.substr(start) != "0") return std::nullopt;
      continue;
    }
    if (u != "ns" && u != "us" && u != "µs" && u != "ms" && u != "s" && u != "m" && u != "h") return std::nullopt;
  }
  if (!digits) return std::nullopt;
  return zero;
}

}  // namespace shipshape::rules
