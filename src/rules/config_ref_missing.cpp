// config-ref-missing: references to ConfigMaps and Secrets the run does not define.
#include <algorithm>

#include "rules/common.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "config-ref-missing",
    .section = kAppDev,
    .group = "Configuration and secrets",
    .severity = Severity::info,
    .enabled = false,
    .summary =
        "An env, envFrom or volume reference names a ConfigMap or Secret that is not in the run "
        "(optional references excepted), or a key it does not have.",
    .applies_to =
        "env, envFrom (every container, init containers included) and configMap, secret and "
        "projected volumes of every workload",
    .rationale =
        "A pod that references a missing ConfigMap or Secret does not start: it sits in "
        "CreateContainerConfigError or ContainerCreating until the object appears. Checking the "
        "references against the manifests catches typos and forgotten objects before deployment.",
    .remediation =
        "Add the ConfigMap or Secret to the manifests, fix the name or key, or mark the "
        "reference `optional: true` if the workload can run without it.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      envFrom:
        - configMapRef: {name: web-config}
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  MODE: production
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      envFrom:
        - configMapRef: {name: web-config}
)yaml",
    .options = {{"runtime-objects", OptionType::string_list, "[kube-root-ca.crt, istio-ca-root-cert]",
                 "names of ConfigMaps and Secrets that the platform creates in every namespace at run time; "
                 "references to them are not checked"}},
    .notes =
        "Optional, because Secrets in particular are often created outside the manifests (by a "
        "secret manager, sealed-secrets, an operator or by hand): the rule can only see what the "
        "run contains, in the workload's namespace. References with `optional: true` are skipped, "
        "and so are the names in `runtime-objects` (by default `kube-root-ca.crt`, which Kubernetes "
        "creates in every namespace, and Istio's `istio-ca-root-cert`). When the "
        "object is in the run, a referenced key (configMapKeyRef, secretKeyRef, volume `items`) "
        "must exist in its data, binaryData or stringData; the key check is skipped for objects "
        "that define no data at all (filled in elsewhere) and for Secrets of type "
        "kubernetes.io/service-account-token, whose keys the token controller adds. "
        "imagePullSecrets are not checked.",
};

class ConfigRefMissing final : public BasicRule {
 public:
  ConfigRefMissing() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads(); }
  void configure(const Options& options) override { runtime_ = options.get_list("runtime-objects"); }

  void check(const Resource& r, Context& ctx) const override {
    for (const Container& c : r.all_containers()) {
      std::size_t i = 0;
      for (Value env : c["env"].items()) {
        const FieldPath from = c.path().key("env").index(i++).key("valueFrom");
        for (std::string_view kind : {"ConfigMap", "Secret"}) {
          const std::string_view field = kind == "ConfigMap" ? "configMapKeyRef" : "secretKeyRef";
          const Value ref = env["valueFrom"][field];
          if (!ref.is_mapping() || ref["optional"].is_true()) continue;
          const Resource* object = check_name(r, ctx, kind, ref["name"], from.key(field).key("name"));
          if (object) check_key(r, ctx, *object, ref["key"], from.key(field).key("key"));
        }
      }
      i = 0;
      for (Value env_from : c["envFrom"].items()) {
        const FieldPath at = c.path().key("envFrom").index(i++);
        for (std::string_view kind : {"ConfigMap", "Secret"}) {
          const std::string_view field = kind == "ConfigMap" ? "configMapRef" : "secretRef";
          const Value ref = env_from[field];
          if (!ref.is_mapping() || ref["optional"].is_true()) continue;
          check_name(r, ctx, kind, ref["name"], at.key(field).key("name"));
        }
      }
    }
    const FieldPath volumes = FieldPath::parse(r.pod().spec_path).key("volumes");
    std::size_t i = 0;
    for (Value volume : r.pod().spec["volumes"].items()) {
      const FieldPath at = volumes.index(i++);
      check_source(r, ctx, "ConfigMap", volume["configMap"], "name", at.key("configMap"));
      check_source(r, ctx, "Secret", volume["secret"], "secretName", at.key("secret"));
      std::size_t j = 0;
      for (Value source : volume["projected"]["sources"].items()) {
        const FieldPath s = at.key("projected").key("sources").index(j++);
        check_source(r, ctx, "ConfigMap", source["configMap"], "name", s.key("configMap"));
        check_source(r, ctx, "Secret", source["secret"], "name", s.key("secret"));
      }
    }
  }

 private:
  void check_source(const Resource& r, Context& ctx, std::string_view kind, Value source, std::string_view name_field,
                    const FieldPath& path) const {
    if (!source.is_mapping() || source["optional"].is_true()) return;
    const Resource* object = check_name(r, ctx, kind, source[name_field], path.key(name_field));
    if (!object) return;
    std::size_t k = 0;
    for (Value item : source["items"].items()) {
      check_key(r, ctx, *object, item["key"], path.key("items").index(k++).key("key"));
    }
  }

  /// Reports a name that the run does not define; returns the object when it is there.
  const Resource* check_name(const Resource& r, Context& ctx, std::string_view kind, Value name,
                             const FieldPath& path) const {
    if (!name.is_scalar() || name.str().empty()) return nullptr;
    if (std::find(runtime_.begin(), runtime_.end(), name.str()) != runtime_.end()) return nullptr;
    if (const Resource* object = ctx.index().find(kind, r.ns(), name.str(), r.application())) return object;
    ctx.report(r, name, path,
               fmt::format("{} \"{}\" is not in namespace \"{}\" of this run", kind, name.str(), r.ns()));
    return nullptr;
  }

  static void check_key(const Resource& r, Context& ctx, const Resource& object, Value key, const FieldPath& path) {
    if (!key.is_scalar() || key.str().empty()) return;
    // Every definition of the object in the run (duplicate-object reports several) may hold it.
    for (const Resource* def : ctx.index().same_object(object)) {
      const Value root = def->root();
      if (def->kind() == "Secret" && root["type"].equals("kubernetes.io/service-account-token")) return;
      const Value data = root["data"];
      const Value binary = root["binaryData"];
      const Value string_data = root["stringData"];
      if (data.empty() && binary.empty() && string_data.empty()) return;
      if (data[key.str()] || binary[key.str()] || string_data[key.str()]) return;
    }
    ctx.report(r, key, path, fmt::format("{} \"{}\" has no key \"{}\"", object.kind(), object.name(), key.str()));
  }

  std::vector<std::string> runtime_;
};

}  // namespace

std::unique_ptr<Rule> make_config_ref_missing() { return std::make_unique<ConfigRefMissing>(); }

}  // namespace shipshape::rules
