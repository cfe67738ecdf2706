// libtorch's CPU random generator is one per process: a test that seeds it (manual_seed) and expects a repeatable run
// must not share the process with another test building models or sampling at the same time, so classes run one by one.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
