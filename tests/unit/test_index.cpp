// Label selectors and cross-resource look-ups.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using namespace shipshape;

namespace {

struct Run {
  ParseResult parsed;
  std::vector<Resource> resources;
  std::unique_ptr<Index> index;

  const Resource& named(std::string_view kind, std::string_view name) const {
    for (const auto& r : resources) {
      if (r.kind() == kind && r.name() == name) return r;
    }
    BOOST_FAIL("no such object");
    throw std::logic_error("unreachable");
  }
};

std::unique_ptr<Run> index_of(const std::string& text) {
  auto run = std::make_unique<Run>();
  run->parsed = test::parse_text(text);
  ResourceBuilder builder("default", builtin_workload_kinds());
  std::vector<Problem> problems;
  ResourceBuilder::Counts counts;
  for (const auto& d : run->parsed.documents) builder.add(d, 0, run->resources, problems, counts);
  for (std::uint32_t i = 0; i < run->resources.size(); ++i) ResourceBuilder::set_id(run->resources[i], i);
  run->index = std::make_unique<Index>(run->resources);
  return run;
}

LabelSelector selector(const std::string& yaml, ParseResult& keep) {
  keep = test::parse_text(yaml);
  std::string error;
  auto s = LabelSelector::parse(keep.documents.at(0).root, &error);
  BOOST_REQUIRE_MESSAGE(s.has_value(), error);
  return *s;
}

const char* kWorkloads = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: c, image: i}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: back}}
    spec: {containers: [{name: c, image: i}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: other}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}}
---
apiVersion: v1
kind: Service
metadata: {name: external, namespace: shop}
spec: {type: ExternalName, externalName: example.com}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: all, namespace: shop}
spec: {selector: {}, maxUnavailable: 1}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: back, namespace: shop}
spec:
  podSelector:
    matchExpressions: [{key: tier, operator: NotIn, values: [front]}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web-low, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(index_and_selectors)

BOOST_AUTO_TEST_CASE(selector_semantics) {
  ParseResult sel_doc;
  ParseResult labels_doc = test::parse_text("{app: web, tier: front, env: prod}");
  const Value labels = labels_doc.documents.at(0).root;
  BOOST_TEST(selector("{matchLabels: {app: web}}", sel_doc).matches(labels));
  BOOST_TEST(!selector("{matchLabels: {app: api}}", sel_doc).matches(labels));
  BOOST_TEST(
      selector("{matchLabels: {app: web}, matchExpressions: [{key: env, operator: In, values: [prod, qa]}]}", sel_doc)
          .matches(labels));
  BOOST_TEST(
      !selector("{matchLabels: {app: web}, matchExpressions: [{key: env, operator: NotIn, values: [prod]}]}", sel_doc)
           .matches(labels));
  BOOST_TEST(selector("{matchExpressions: [{key: missing, operator: NotIn, values: [x]}]}", sel_doc).matches(labels));
  BOOST_TEST(selector("{matchExpressions: [{key: tier, operator: Exists}]}", sel_doc).matches(labels));
  BOOST_TEST(!selector("{matchExpressions: [{key: tier, operator: DoesNotExist}]}", sel_doc).matches(labels));
  BOOST_TEST(selector("{}", sel_doc).empty());
  BOOST_TEST(selector("{}", sel_doc).matches(labels));
}

BOOST_AUTO_TEST_CASE(malformed_selectors_are_rejected) {
  for (const char* bad :
       {"{matchExpressions: [{key: a, operator: Like, values: [x]}]}", "{matchExpressions: [{key: a, operator: In}]}",
        "{matchExpressions: [{key: a, operator: Exists, values: [x]}]}", "{matchExpressions: [{operator: Exists}]}",
        "[a, b]"}) {
    auto doc = test::parse_text(bad);
    std::string error;
    BOOST_CHECK_MESSAGE(!LabelSelector::parse(doc.documents.at(0).root, &error).has_value(), bad);
    BOOST_TEST(!error.empty());
  }
}

BOOST_AUTO_TEST_CASE(selection_stays_within_a_namespace) {
  auto run = index_of(kWorkloads);
  const Index& idx = *run->index;
  const Resource& web = run->named("Service", "web");
  const auto selected = idx.selected_by(web);
  BOOST_REQUIRE_EQUAL(selected.size(), 1U);
  BOOST_TEST(selected[0]->ns() == "shop");
  BOOST_TEST(idx.selected_by(run->named("Service", "external")).empty());

  const Resource& shop_web = *selected[0];
  BOOST_TEST(idx.selecting(shop_web, "Service").size() == 1U);
  BOOST_TEST(idx.selecting(shop_web, "PodDisruptionBudget").size() == 1U);  // the empty v1 selector
  BOOST_TEST(idx.selecting(shop_web, "NetworkPolicy").empty());             // tier NotIn [front]
  const Resource& api = run->named("Deployment", "api");
  BOOST_TEST(idx.selecting(api, "NetworkPolicy").size() == 1U);
  BOOST_TEST(idx.selecting(api, "Service").empty());
  BOOST_TEST(idx.selected_by(run->named("PodDisruptionBudget", "all")).size() == 2U);
}

BOOST_AUTO_TEST_CASE(helm_hooks_are_selected_by_network_policies_only) {
  auto run = index_of(R"(apiVersion: v1
kind: Pod
metadata:
  name: test-connection
  labels: {app: web}
  annotations: {helm.sh/hook: test}
spec: {restartPolicy: Never, containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web}
spec: {podSelector: {matchLabels: {app: web}}}
)");
  const Index& idx = *run->index;
  const Resource& hook = run->named("Pod", "test-connection");
  BOOST_TEST(idx.selecting(hook, "Service").empty());
  BOOST_TEST(idx.selecting(hook, "PodDisruptionBudget").empty());
  BOOST_TEST(idx.selecting(hook, "NetworkPolicy").size() == 1U);
  BOOST_TEST(idx.selected_by(run->named("Service", "web")).size() == 1U);
  BOOST_TEST(idx.selected_by(run->named("NetworkPolicy", "web")).size() == 2U);
}

BOOST_AUTO_TEST_CASE(autoscalers_and_effective_replicas) {
  auto run = index_of(kWorkloads);
  const Index& idx = *run->index;
  const Resource* shop_web = idx.find("Deployment", "shop", "web", 0);
  BOOST_REQUIRE(shop_web);
  BOOST_TEST(idx.targeting(*shop_web, "HorizontalPodAutoscaler").size() == 2U);
  BOOST_TEST(idx.effective_replicas(*shop_web) == 1);  // the lowest minReplicas, default 1
  const Resource* other_web = idx.find("Deployment", "other", "web", 0);
  BOOST_REQUIRE(other_web);
  BOOST_TEST(idx.targeting(*other_web, "HorizontalPodAutoscaler").empty());
  BOOST_TEST(idx.effective_replicas(*other_web) == 1);
  BOOST_TEST(idx.target_of(run->named("HorizontalPodAutoscaler", "web-low")) == shop_web);
  BOOST_TEST(idx.of_kind("Deployment").size() == 3U);
  BOOST_TEST(idx.of_kind("Deployment", "shop", 0).size() == 2U);
  const auto namespaces = idx.workload_namespaces();
  BOOST_REQUIRE_EQUAL(namespaces.size(), 2U);
  BOOST_TEST(namespaces[0] == "other");
}

BOOST_AUTO_TEST_CASE(same_object_groups_duplicates) {
  auto run = index_of(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n---\n"
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: x}\n");
  BOOST_TEST(run->index->same_object(run->resources[0]).size() == 2U);
  BOOST_TEST(run->index->same_object(run->resources[2]).size() == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
