// The kill-and-resume test needs the machine's attention for its timing; the other sample tests run after it, not beside it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
