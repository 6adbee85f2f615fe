namespace Emmap.Runtime.Tests;

/// <summary>
/// The collection of tests that run apart from every other test (xunit runs it after the parallel
/// ones, alone): cross-process tests whose processes must get the cores in turn to finish, such as
/// seqlock readers against a writer in a tight loop. Oversubscribed, a writer preempted while it
/// holds the lock sends its readers to sleep a millisecond at a time, and a million snapshots then
/// take minutes instead of seconds; the tests assert behaviour, never speed, but their hang guards
/// would fire.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "Runs alone";
}
