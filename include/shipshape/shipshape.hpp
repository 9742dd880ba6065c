// The whole public API of shipshape.
#pragma once

#include "shipshape/config.hpp"
#include "shipshape/context.hpp"
#include "shipshape/engine.hpp"
#include "shipshape/finding.hpp"
#include "shipshape/fix.hpp"
#include "shipshape/image.hpp"
#include "shipshape/index.hpp"
#include "shipshape/loader.hpp"
#include "shipshape/quantity.hpp"
#include "shipshape/report.hpp"
#include "shipshape/resource.hpp"
#include "shipshape/rule.hpp"
#include "shipshape/span.hpp"
#include "shipshape/value.hpp"
#include "shipshape/version.hpp"
