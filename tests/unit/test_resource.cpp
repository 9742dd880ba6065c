// The Resource model: identity, namespaces, Lists, workload views, fragments, manifest-invalid problems.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using namespace shipshape;

namespace {

struct Built {
  ParseResult parsed;
  std::vector<Resource> resources;
  std::vector<Problem> problems;
  ResourceBuilder::Counts counts;
};

Built build(const std::string& text, std::string ns = "default") {
  Built b;
  b.parsed = test::parse_text(text);
  ResourceBuilder builder(std::move(ns), builtin_workload_kinds());
  for (const auto& d : b.parsed.documents) builder.add(d, 0, b.resources, b.problems, b.counts);
  return b;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resource)

BOOST_AUTO_TEST_CASE(identity_and_namespace) {
  auto b = build(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n"
      "  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
      "      containers: [{name: a, image: x}]\n---\n"
      "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\n---\n"
      "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, namespace: ignored}\n",
      "prod");
  BOOST_REQUIRE_EQUAL(b.resources.size(), 3U);
  const Resource& d = b.resources[0];
  BOOST_TEST(d.group() == "apps");
  BOOST_TEST(d.version() == "v1");
  BOOST_TEST(d.kind() == "Deployment");
  BOOST_TEST(d.ns() == "prod");
  BOOST_TEST(b.resources[1].ns() == "shop");
  BOOST_TEST(b.resources[1].group().empty());
  BOOST_TEST(!b.resources[2].namespaced());
  BOOST_TEST(b.resources[2].ns().empty());
  BOOST_TEST(b.problems.empty());
}

BOOST_AUTO_TEST_CASE(lists_are_expanded) {
  auto b = build(
      "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n"
      "  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b}\n  - 42\n---\n"
      "apiVersion: v1\nkind: ConfigMapList\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n");
  BOOST_REQUIRE_EQUAL(b.resources.size(), 3U);
  BOOST_TEST(b.resources[1].name() == "b");
  BOOST_TEST(b.resources[2].name() == "c");
  BOOST_REQUIRE_EQUAL(b.problems.size(), 1U);  // the 42
  BOOST_TEST(b.problems[0].message.find("must be an object") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(non_manifests_are_skipped_and_counted) {
  auto b = build("replicaCount: 3\nimage: {tag: latest}\n---\n---\njust a string\n---\n- a\n- list\n");
  BOOST_TEST(b.resources.empty());
  BOOST_TEST(b.problems.empty());
  BOOST_TEST(b.counts.skipped == 3U);
}

BOOST_AUTO_TEST_CASE(missing_identity_is_manifest_invalid) {
  auto b = build(
      "kind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nmetadata: {name: b}\n---\n"
      "apiVersion: v1\nkind: ConfigMap\ndata: {}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: "
      "x-}\n");
  std::vector<std::string> messages;
  for (const auto& p : b.problems) messages.push_back(p.message);
  BOOST_REQUIRE_EQUAL(messages.size(), 3U);
  BOOST_TEST(messages[0] == "object has kind \"ConfigMap\" but no apiVersion");
  BOOST_TEST(messages[1] == "object has apiVersion \"v1\" but no kind");
  BOOST_TEST(messages[2] == "ConfigMap has no metadata.name");
  BOOST_REQUIRE_EQUAL(b.resources.size(), 2U);
  BOOST_TEST(b.resources[1].name() == "x-");
}

BOOST_AUTO_TEST_CASE(workload_views) {
  auto b = build(
      "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n  jobTemplate:\n    spec:\n      "
      "template:\n"
      "        metadata:\n          labels: {app: nightly}\n          annotations: {shipshape.io/ignore: \"a-rule, "
      "other\"}\n"
      "        spec:\n          restartPolicy: OnFailure\n          initContainers:\n            - {name: setup, "
      "image: busybox}\n"
      "            - {name: proxy, image: envoy, restartPolicy: Always}\n          containers:\n            - {name: "
      "job, image: z}\n"
      "---\napiVersion: v1\nkind: Pod\nmetadata: {name: once}\nspec:\n  restartPolicy: Never\n  containers: [{name: c, "
      "image: i}]\n"
      "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n"
      "  template:\n    metadata: {labels: {app: d}}\n    spec:\n"
      "      containers: [{name: c, image: i}]\n---\n"
      "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  selector: {matchLabels: {app: "
      "r}}\n"
      "  template:\n    metadata: {labels: {app: r}}\n    spec:\n"
      "      containers: [{name: c, image: i}]\n");
  BOOST_REQUIRE_EQUAL(b.resources.size(), 4U);
  const Resource& cron = b.resources[0];
  BOOST_TEST(cron.is_workload());
  BOOST_TEST(!cron.is_long_running());
  BOOST_TEST(cron.pod().spec_path == "spec.jobTemplate.spec.template.spec");
  BOOST_TEST(cron.pod_labels()["app"].str() == "nightly");
  BOOST_REQUIRE_EQUAL(cron.containers().size(), 2U);  // the job and the sidecar
  BOOST_TEST(cron.containers()[0].name() == "job");
  BOOST_TEST((cron.containers()[1].kind() == ContainerKind::sidecar));
  BOOST_TEST(cron.containers()[1].path().str() == "spec.jobTemplate.spec.template.spec.initContainers[1]");
  BOOST_REQUIRE_EQUAL(cron.all_containers().size(), 3U);
  BOOST_TEST(cron.all_containers()[2].describe() == "init container \"setup\"");
  BOOST_TEST(cron.ignores("a-rule"));
  BOOST_TEST(cron.ignores("other"));
  BOOST_TEST(!cron.ignores("third"));
  BOOST_TEST(!b.resources[1].is_long_running());
  BOOST_TEST(b.resources[2].is_long_running());
  BOOST_TEST(b.resources[3].is_workload());
  BOOST_TEST(b.resources[3].is_long_running());
  BOOST_TEST(b.problems.empty());
}

BOOST_AUTO_TEST_CASE(fragments_keep_their_pod_views_but_are_not_workloads) {
  auto b = build(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: patch}\nspec:\n  template:\n    spec:\n"
      "      containers: [{name: c, resources: {limits: {memory: 1Gi}}}]\n---\n"
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: no-selector}\nspec:\n  template:\n"
      "    metadata: {labels: {app: x}}\n    spec:\n      containers: [{name: c, image: i}]\n---\n"
      "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: old}\nspec:\n  template:\n"
      "    metadata: {labels: {app: x}}\n    spec:\n      containers: [{name: c, image: i}]\n---\n"
      "apiVersion: batch/v1\nkind: Job\nmetadata: {name: job}\nspec:\n  template:\n    spec:\n"
      "      restartPolicy: Never\n      containers: [{name: c, image: i}]\n---\n"
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: replicas-only}\nspec:\n  replicas: 2\n");
  BOOST_REQUIRE_EQUAL(b.resources.size(), 5U);
  BOOST_TEST(b.resources[0].is_fragment());
  BOOST_TEST(!b.resources[0].is_workload());
  BOOST_REQUIRE_EQUAL(b.resources[0].containers().size(), 1U);  // for the rules that take fragments
  BOOST_TEST(b.resources[0].containers()[0].path().str() == "spec.template.spec.containers[0]");
  BOOST_TEST(b.resources[1].is_fragment());
  BOOST_TEST(!b.resources[2].is_fragment());  // the old API version defaults the selector
  BOOST_TEST(b.resources[2].is_workload());
  BOOST_TEST(!b.resources[3].is_fragment());  // Jobs generate their selector
  BOOST_TEST(b.resources[4].is_fragment());   // a patch of the replicas alone
  BOOST_TEST(b.resources[4].containers().empty());
  // Reported by schema-invalid, when the rules run (tests/rules/schema-invalid.yaml).
  BOOST_TEST(b.problems.empty());
}

BOOST_AUTO_TEST_CASE(objects_controlled_by_a_workload_of_the_run_are_not_workloads) {
  const std::string owner_ref =
      "    ownerReferences: [{apiVersion: apps/v1, kind: {KIND}, name: {NAME}, uid: {UID}, controller: true}]\n";
  auto owned = [&](std::string kind, std::string name, std::string uid) {
    std::string s = owner_ref;
    s.replace(s.find("{KIND}"), 6, kind);
    s.replace(s.find("{NAME}"), 6, name);
    s.replace(s.find("{UID}"), 5, uid);
    return s;
  };
  const std::string pod_spec = "  spec: {containers: [{name: c, image: i}]}\n";
  auto b = build(
      "apiVersion: v1\nkind: List\nitems:\n"
      "- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web, namespace: shop, uid: d1}\n"
      "  spec:\n    selector: {matchLabels: {app: web}}\n    template:\n      metadata: {labels: {app: web}}\n"
      "      spec: {containers: [{name: c, image: i}]}\n"
      "- apiVersion: apps/v1\n  kind: ReplicaSet\n  metadata:\n    name: web-1\n    namespace: shop\n    uid: r1\n" +
      owned("Deployment", "web", "d1") +
      "  spec:\n    selector: {matchLabels: {app: web}}\n    template:\n      metadata: {labels: {app: web}}\n"
      "      spec: {containers: [{name: c, image: i}]}\n"
      "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web-1-a\n    namespace: shop\n" +
      owned("ReplicaSet", "web-1", "r1") + pod_spec +
      // The owner is not in the run: checked as a workload.
      "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: orphan\n    namespace: shop\n" +
      owned("ReplicaSet", "gone", "r9") + pod_spec +
      // Same name, another incarnation (uid differs): not that owner.
      "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: stale\n    namespace: shop\n" +
      owned("ReplicaSet", "web-1", "r0") + pod_spec +
      // Same name in another namespace: owners live in their dependents' namespace.
      "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: elsewhere\n    namespace: other\n" +
      owned("ReplicaSet", "web-1", "r1") + pod_spec +
      // An owner reference that is not a controller's.
      "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: not-controller\n    namespace: shop\n"
      "    ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: r1}]\n" +
      pod_spec);
  BOOST_REQUIRE_EQUAL(b.resources.size(), 7U);
  for (const Resource& r : b.resources) BOOST_TEST(r.is_workload());
  BOOST_TEST(ResourceBuilder::mark_controlled(b.resources) == 2U);
  const std::vector<bool> controlled{false, true, true, false, false, false, false};
  for (std::size_t i = 0; i < b.resources.size(); ++i) {
    BOOST_TEST_CONTEXT(b.resources[i].name()) {
      BOOST_TEST(b.resources[i].is_controlled() == controlled[i]);
      BOOST_TEST(b.resources[i].is_workload() == !controlled[i]);
      BOOST_TEST(b.resources[i].is_long_running() == !controlled[i]);
    }
  }
}

BOOST_AUTO_TEST_CASE(helm_hook_pods_are_not_long_running) {
  auto b = build(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: test\n  annotations: {helm.sh/hook: test}\n"
      "spec: {containers: [{name: c, image: i}]}\n---\n"
      "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations: {helm.sh/hook: pre-install}\n"
      "spec:\n  template:\n    spec: {restartPolicy: Never, containers: [{name: c, image: i}]}\n---\n"
      "apiVersion: v1\nkind: Pod\nmetadata: {name: plain}\nspec: {containers: [{name: c, image: i}]}\n");
  BOOST_REQUIRE_EQUAL(b.resources.size(), 3U);
  BOOST_TEST(b.resources[0].is_helm_hook());
  BOOST_TEST(b.resources[0].is_workload());
  BOOST_TEST(!b.resources[0].is_long_running());
  BOOST_TEST(b.resources[1].is_helm_hook());
  BOOST_TEST(!b.resources[2].is_helm_hook());
  BOOST_TEST(b.resources[2].is_long_running());
}

BOOST_AUTO_TEST_CASE(field_paths) {
  const FieldPath p = FieldPath::parse("spec.template.spec.containers[0]").key("securityContext");
  BOOST_TEST(p.str() == "spec.template.spec.containers[0].securityContext");
  BOOST_TEST(p.json_pointer() == "/spec/template/spec/containers/0/securityContext");
  const FieldPath l = FieldPath().key("metadata").key("labels").key("app.kubernetes.io/name");
  BOOST_TEST(l.str() == "metadata.labels[\"app.kubernetes.io/name\"]");
  BOOST_TEST(l.json_pointer() == "/metadata/labels/app.kubernetes.io~1name");
  BOOST_TEST((FieldPath::parse(l.str()) == l));
}

BOOST_AUTO_TEST_SUITE_END()
