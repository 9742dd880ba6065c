// shipshape_bench --compare: shipshape's command line beside kube-score, KubeLinter and Polaris.
#pragma once

namespace shipshape::bench {

/// Runs the comparison (arguments after `--compare`); returns the exit code.
int compare_peers(int argc, char** argv);

}  // namespace shipshape::bench
