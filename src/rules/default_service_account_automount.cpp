// default-service-account-automount: namespaces whose default ServiceAccount hands every pod a token.
#include "rules/rbac.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "default-service-account-automount",
    .section = kGovernance,
    .group = "Role-based access control",
    .severity = Severity::warning,
    .enabled = true,
    .summary = "A namespace's `default` ServiceAccount does not set automountServiceAccountToken: false.",
    .applies_to =
        "ServiceAccounts named `default`; with the `namespaces` option, also Namespace objects whose "
        "`default` ServiceAccount the run does not define",
    .rationale =
        "Every pod that names no ServiceAccount runs as the namespace's `default` one, and Kubernetes "
        "mounts its API token into the pod unless the account or the pod says otherwise. Turning the "
        "token off on the default account protects every pod that was never meant to call the API, "
        "including the ones written later; the few that need a token name an account of their own.",
    .remediation =
        "Set `automountServiceAccountToken: false` on the `default` ServiceAccount of each namespace "
        "(apply the object below in it), and give workloads that call the API a dedicated "
        "ServiceAccount.",
    .bad_example = R"(apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
)",
    .good_example = R"(apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
automountServiceAccountToken: false
)",
    .options = {{"namespaces", OptionType::boolean, "false",
                 "also report Namespace objects of the run whose `default` ServiceAccount the run does not "
                 "define (Kubernetes then creates it with the token on)"}},
    .notes =
        "A ServiceAccount named `default` fires unless it sets the field to false (an explicit true "
        "fires too). Kubernetes creates the `default` account of every namespace itself, so a run "
        "that does not contain it cannot tell how it is configured: by default such namespaces are "
        "not reported; with `namespaces: true`, a Namespace object of the run fires when the run has "
        "no `default` ServiceAccount in it (the option needs the whole application in the run). Pods "
        "that mount a token anyway are service-account-token-mounted's business, pods that run as "
        "the default account default-service-account's. The fix sets the field to false.",
};

class DefaultServiceAccountAutomount final : public BasicRule {
 public:
  DefaultServiceAccountAutomount() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::kinds({{"", "ServiceAccount"}, {"", "Namespace"}}); }
  void configure(const Options& options) override { namespaces_ = options.get_bool("namespaces"); }

  void check(const Resource& r, Context& ctx) const override {
    if (!r.group().empty()) return;
    if (r.kind() == "Namespace") {
      if (!namespaces_ || r.name().empty()) return;
      if (ctx.index().find("ServiceAccount", r.name(), "default", r.application())) return;
      ctx.report(r, r.root(), {},
                 fmt::format("the run does not define ServiceAccount \"default\" of namespace \"{}\": Kubernetes "
                             "creates it with automountServiceAccountToken on",
                             r.name()));
      return;
    }
    if (r.name() != "default") return;
    const Value automount = r.root()["automountServiceAccountToken"];
    if (automount.is_false()) return;
    const FieldPath path = FieldPath::parse("automountServiceAccountToken");
    ctx.report(r, automount ? automount : r.root(), path,
               automount.is_true()
                   ? std::string("the default ServiceAccount sets automountServiceAccountToken: true, so every pod "
                                 "that names no ServiceAccount gets an API token")
                   : std::string("the default ServiceAccount does not set automountServiceAccountToken: false, so "
                                 "every pod that names no ServiceAccount gets an API token"),
               set_field(r, path, "false"));
  }

 private:
  bool namespaces_ = false;
};

}  // namespace

std::unique_ptr<Rule> make_default_service_account_automount() {
  return std::make_unique<DefaultServiceAccountAutomount>();
}

}  // namespace shipshape::rules
