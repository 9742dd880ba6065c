// invalid-quantity: resource quantities that do not follow the Kubernetes grammar.
#include "rules/resources.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "invalid-quantity",
    .section = kAppDev,
    .group = "Resource utilisation",
    .severity = Severity::error,
    .enabled = true,
    .summary = "A resource quantity does not parse.",
    .applies_to =
        "container requests and limits, pod overhead, emptyDir size limits, "
        "PersistentVolumeClaims and StatefulSet volume claim templates, LimitRanges, "
        "ResourceQuotas",
    .rationale =
        "The API server rejects the object. Common slips are units that look right but are not "
        "Kubernetes units (`512MB`, `1GB`, `100mi`), a unit with a space, or a stray character.",
    .remediation =
        "Write the quantity as a number with an optional suffix: binary `Ki Mi Gi Ti Pi Ei`, "
        "decimal `n u m k M G T P E`, or an exponent such as `1e3`.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: {memory: 512MB}
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      resources:
        requests: {memory: 512Mi}
)yaml",
    .notes = "Plain YAML numbers (`memory: 512`, `cpu: 0.5`) are valid quantities.",
};

class InvalidQuantity final : public BasicRule {
 public:
  InvalidQuantity() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override {
    return Scope::workloads().with_fragments().with_kinds_in_any_group(
        {"PersistentVolumeClaim", "LimitRange", "ResourceQuota"});
  }

  void check(const Resource& r, Context& ctx) const override {
    if (r.is_workload() || r.is_fragment()) {
      for (const Container& c : r.all_containers()) {
        for (std::string_view kind : {"requests", "limits"}) {
          map(r, c["resources"][kind], c.path().key("resources").key(kind), ctx);
        }
      }
      const FieldPath pod = FieldPath::parse(r.pod().spec_path);
      map(r, r.pod().spec["overhead"], pod.key("overhead"), ctx);
      std::size_t i = 0;
      for (Value v : r.pod().spec["volumes"].items()) {
        one(r, v["emptyDir"]["sizeLimit"], pod.key("volumes").index(i).key("emptyDir").key("sizeLimit"), ctx);
        ++i;
      }
      i = 0;
      for (Value t : r.spec()["volumeClaimTemplates"].items()) {
        claim(r, t["spec"], FieldPath().key("spec").key("volumeClaimTemplates").index(i).key("spec"), ctx);
        ++i;
      }
    }
    if (r.kind() == "PersistentVolumeClaim") claim(r, r.spec(), FieldPath().key("spec"), ctx);
    if (r.kind() == "ResourceQuota") map(r, r.spec()["hard"], FieldPath().key("spec").key("hard"), ctx);
    if (r.kind() == "LimitRange") {
      std::size_t i = 0;
      for (Value item : r.spec()["limits"].items()) {
        const FieldPath base = FieldPath().key("spec").key("limits").index(i++);
        for (std::string_view f : {"max", "min", "default", "defaultRequest", "maxLimitRequestRatio"}) {
          map(r, item[f], base.key(f), ctx);
        }
      }
    }
  }

 private:
  static void claim(const Resource& r, Value spec, const FieldPath& path, Context& ctx) {
    for (std::string_view kind : {"requests", "limits"}) {
      map(r, spec["resources"][kind], path.key("resources").key(kind), ctx);
    }
  }
  static void map(const Resource& r, Value m, const FieldPath& path, Context& ctx) {
    for (const Entry e : m.entries()) one(r, e.value, path.key(e.key.str()), ctx);
  }
  static void one(const Resource& r, Value v, const FieldPath& path, Context& ctx) {
    if (!v || v.is_null() || quantity_of(v)) return;
    const std::string what = v.is_scalar() ? fmt::format("\"{}\"", v.str()) : std::string("a non-scalar value");
    ctx.report(r, v, path, fmt::format("{} is not a valid quantity ({})", what, path.str()));
  }
};

}  // namespace

std::unique_ptr<Rule> make_invalid_quantity() { return std::make_unique<InvalidQuantity>(); }

}  // namespace shipshape::rules
