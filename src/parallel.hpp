// Running independent pieces of work on a few threads (loading and checking).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "shipshape/engine.hpp"

namespace shipshape {

/// Runs `work(task, worker)` for every task in [0, count) on up to `jobs` threads; `worker` is
/// the number of the thread (0 is the caller's). The first exception is rethrown after every
/// thread stopped. When the system refuses a thread (a process or memory limit), the threads
/// already started share the work: a run goes on with fewer threads rather than aborting.
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
  try {
    pool.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run, t);
  } catch (const std::exception&) {
    // std::system_error (EAGAIN) or std::bad_alloc: no more threads. Joining those that run
    // matters: destroying a joinable std::thread calls std::terminate.
  }
  run(0);
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

/// A run's cancellation flag as the stages see it (Engine::set_cancel_flag; may be null). Workers
/// poll raised() between pieces of work and skip the rest; the engine throws Cancelled between
/// stages.
class CancelFlag {
 public:
  explicit CancelFlag(const std::atomic<bool>* flag = nullptr) noexcept : flag_(flag) {}
  [[nodiscard]] bool raised() const noexcept { return flag_ != nullptr && flag_->load(std::memory_order_relaxed); }
  void throw_if_raised() const {
    if (raised()) throw Cancelled();
  }

 private:
  const std::atomic<bool>* flag_;
};

/// `jobs`, or one per core when it is 0.
[[nodiscard]] inline unsigned effective_jobs(unsigned jobs) {
  if (jobs != 0) return jobs;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

}  // namespace shipshape
