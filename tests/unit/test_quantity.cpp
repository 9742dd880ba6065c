// Quantities: the Kubernetes grammar, exact comparison, canonical text.
#include <boost/test/unit_test.hpp>

#include "shipshape/quantity.hpp"

using shipshape::Quantity;

namespace {
Quantity q(std::string_view s) {
  auto v = Quantity::parse(s);
  BOOST_REQUIRE_MESSAGE(v.has_value(), "should parse: " << s);
  return *v;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(quantity)

BOOST_AUTO_TEST_CASE(valid_forms) {
  BOOST_TEST(q("500m").milli() == 500);
  BOOST_TEST(q("1").milli() == 1000);
  BOOST_TEST(q("1.5").milli() == 1500);
  BOOST_TEST(q(".5").milli() == 500);
  BOOST_TEST(q("2.").milli() == 2000);
  BOOST_TEST(q("+3").units() == 3);
  BOOST_TEST(q("128Mi").units() == 128LL * 1024 * 1024);
  BOOST_TEST(q("1Gi").units() == 1LL << 30);
  BOOST_TEST(q("1G").units() == 1000000000LL);
  BOOST_TEST(q("1k").units() == 1000);
  BOOST_TEST(q("1e3").units() == 1000);
  BOOST_TEST(q("1E3").units() == 1000);
  BOOST_TEST(q("1.5e-3").milli() == 2);  // 1.5m rounds up to whole millis
  BOOST_TEST(q("100u").milli() == 1);
  BOOST_TEST(q("10n").milli() == 1);
  BOOST_TEST(q("1Ei").units() == 1LL << 60);
  BOOST_TEST(q("0").is_zero());
  BOOST_TEST(q("-1").negative());
}

BOOST_AUTO_TEST_CASE(invalid_forms) {
  for (const char* bad :
       {"", "m", "1MB", "512mi", "1 Gi", "1.2.3", "Gi", "1e", "1e+", "abc", "1Kb", "--1", "1i", "0x10", "1_000"}) {
    BOOST_CHECK_MESSAGE(!Quantity::parse(bad).has_value(), "should not parse: " << bad);
  }
}

BOOST_AUTO_TEST_CASE(comparison_is_exact_across_units) {
  BOOST_TEST((q("1Gi") == q("1024Mi")));
  BOOST_TEST((q("1Gi") > q("1G")));
  BOOST_TEST((q("1000Mi") < q("1Gi")));
  BOOST_TEST((q("0.1") == q("100m")));
  BOOST_TEST((q("1e3") == q("1k")));
  BOOST_TEST((q("1.000000001") > q("1")));
  BOOST_TEST((q("1n") > q("0")));
  BOOST_TEST((q("999999999999999999999999999Ei") > q("1Ei")));  // huge, still ordered
  BOOST_TEST((q("-1") < q("0")));
}

BOOST_AUTO_TEST_CASE(canonical_text) {
  BOOST_TEST(q("1024Mi").str() == "1Gi");
  BOOST_TEST(q("0.5").str() == "500m");
  BOOST_TEST(q("2").str() == "2");
  BOOST_TEST(q("1.5Gi").str() == "1536Mi");
  BOOST_TEST(q("1000").str() == "1000");
  BOOST_TEST(q("0").str() == "0");
}

BOOST_AUTO_TEST_SUITE_END()
