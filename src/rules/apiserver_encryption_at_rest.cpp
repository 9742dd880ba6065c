// apiserver-encryption-at-rest: Secrets stored in etcd without encryption.
#include "rules/cluster.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "apiserver-encryption-at-rest",
    .section = kCluster,
    .group = "Control plane",
    .severity = Severity::info,
    .enabled = true,
    .summary =
        "The API server has no `--encryption-provider-config`, or an EncryptionConfiguration leaves Secrets "
        "unencrypted: `identity` is the first provider for them, or no entry covers them.",
    .applies_to =
        "kube-apiserver flags (static Pods, other workloads that run it, kubeadm ClusterConfiguration "
        "`apiServer.extraArgs`) and EncryptionConfiguration objects (apiserver.config.k8s.io)",
    .rationale =
        "Without encryption at rest, Secrets sit in etcd, its snapshots and its backups in plain base64: "
        "anyone with a copy of the data directory or a backup reads every credential of the cluster. The "
        "first provider of a resource encrypts new writes; with `identity` first nothing is encrypted, "
        "whatever follows (CIS Kubernetes Benchmark 1.2.27, 1.2.28).",
    .remediation =
        "Write an EncryptionConfiguration whose entry for `secrets` starts with `kms` (v2), `aescbc` or "
        "`secretbox`, keep `identity` last (to read data written before), give it to the API server with "
        "`--encryption-provider-config`, then rewrite the existing Secrets so that they are encrypted.",
    .bad_example = R"(apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - identity: {}
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==
)",
    .good_example = R"(apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==
      - identity: {}
)",
    .notes =
        "Info: managed control planes often encrypt etcd volumes underneath, which the manifests cannot show. "
        "An entry covers Secrets when its `resources` list names `secrets`, `*.` (every core resource) or `*.*`; "
        "the first entry that covers them decides. `aesgcm` counts as encryption (its keys must be rotated "
        "often, see the Kubernetes documentation). No fix is offered: keys are the cluster's.",
};

bool covers_secrets(Value resources) {
  for (Value item : resources.items()) {
    const auto s = item.str();
    if (s == "secrets" || s == "*." || s == "*.*") return true;
  }
  return false;
}

class ApiserverEncryptionAtRest final : public ComponentRule {
 public:
  ApiserverEncryptionAtRest() : ComponentRule(kInfo, {Component::apiserver}) {}
  [[nodiscard]] Scope scope() const override {
    return cluster_scope().with_kinds({{"apiserver.config.k8s.io", "EncryptionConfiguration"}});
  }

  void check(const Resource& r, Context& ctx) const override {
    if (r.kind() == "EncryptionConfiguration") {
      if (r.group() == "apiserver.config.k8s.io") check_configuration(r, ctx);
      return;
    }
    ComponentRule::check(r, ctx);
  }

  void check_component(const Resource& r, const ComponentFlags& c, Context& ctx) const override {
    const Flag* f = c.find("encryption-provider-config");
    if (f && !f->value.empty()) return;
    report_flag(ctx, r, c, f,
                fmt::format("{} does not encrypt Secrets in etcd: --encryption-provider-config is not set; expected "
                            "an EncryptionConfiguration",
                            c.who));
  }

 private:
  static void check_configuration(const Resource& r, Context& ctx) {
    const Value resources = r.root()["resources"];
    std::size_t i = 0;
    for (Value entry : resources.items()) {
      if (covers_secrets(entry["resources"])) {
        const Value providers = entry["providers"];
        const Value first = providers[0];
        const FieldPath path = FieldPath::parse("resources").index(i).key("providers");
        if (!first.is_mapping() || first.empty()) {
          ctx.report(r, providers ? providers : entry, path,
                     "the EncryptionConfiguration entry for secrets has no provider; expected kms, aescbc or "
                     "secretbox first");
        } else {
          const auto name = (*first.entries().begin()).key.str();
          if (name == "identity") {
            ctx.report(r, (*first.entries().begin()).key, path.index(0).key("identity"),
                       "the EncryptionConfiguration writes Secrets unencrypted: identity is the first provider for "
                       "secrets; expected kms, aescbc or secretbox first and identity last");
          }
        }
        return;
      }
      ++i;
    }
    ctx.report(r, resources ? resources : r.root(), FieldPath::parse("resources"),
               "the EncryptionConfiguration has no entry for secrets, so Secrets are stored unencrypted; expected "
               "an entry with resources: [secrets]");
  }
};

}  // namespace

std::unique_ptr<Rule> make_apiserver_encryption_at_rest() { return std::make_unique<ApiserverEncryptionAtRest>(); }

}  // namespace shipshape::rules
