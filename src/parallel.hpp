// Running independent pieces of work on a few threads (loading and checking).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace shipshape {

/// Runs `work(task, worker)` for every task in [0, count) on up to `jobs` threads; `worker` is
/// the number of the thread (0 is the caller's). The first exception is rethrown after every
/// thread stopped.
template <typename Work>
void parallel_for(std::size_t count, unsigned jobs, Work&& work) {
  if (count == 0) return;
  const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(jobs, count));
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) work(i, 0U);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto run = [&](unsigned worker) {
    try {
      for (std::size_t i = next++; i < count; i = next++) work(i, worker);
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = count;
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run, t);
  run(0);
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

/// `jobs`, or one per core when it is 0.
[[nodiscard]] inline unsigned effective_jobs(unsigned jobs) {
  if (jobs != 0) return jobs;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

}  // namespace shipshape
