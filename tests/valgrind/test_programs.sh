#!/usr/bin/env bash
# test_programs.sh SOURCE TREE: the integration and faults test programs built in TREE (the
# release preset's tree), configuring it by its preset first when it has never been configured.
set -euo pipefail
src=$1
tree=$2
if [[ ! -f $tree/CMakeCache.txt ]]; then
  [[ $tree == "$src/build/release" ]] || { echo "test_programs: $tree is not configured"; exit 1; }
  cmake --preset release -S "$src"
fi
cmake --build "$tree" --target lucid_integration_tests lucid_faults_tests lucid_test_child
