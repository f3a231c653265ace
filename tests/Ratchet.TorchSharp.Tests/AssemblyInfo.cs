// libtorch's default random generator and thread settings are process-wide: tests that draw from it must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
