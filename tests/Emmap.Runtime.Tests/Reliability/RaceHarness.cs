namespace Emmap.Runtime.Tests.Reliability;

/// <summary>
/// Runs worker threads that hammer a handle while the test thread disposes (or resizes) it, and
/// collects what they saw. Workers are released together by a barrier, never by a sleep; each loop
/// is bounded by an iteration count, so a round ends even if nothing is disposed.
/// </summary>
internal static class RaceHarness
{
    /// <summary>
    /// Starts <paramref name="workers"/> threads that each call <paramref name="step"/> (with their
    /// index and iteration) until it throws <see cref="ObjectDisposedException"/> or
    /// <paramref name="maxIterations"/> pass; once every worker has made its first call the test
    /// thread runs <paramref name="interfere"/>. Returns the unexpected exceptions.
    /// </summary>
    internal static List<Exception> Run(int workers, int maxIterations, Action<int, int> step, Action interfere)
    {
        var unexpected = new List<Exception>();
        using var started = new CountdownEvent(workers);
        var threads = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            int worker = w;
            threads[w] = new Thread(() =>
            {
                bool signalled = false;
                try
                {
                    for (int i = 0; i < maxIterations; i++)
                    {
                        step(worker, i);
                        if (!signalled)
                        {
                            signalled = true;
                            started.Signal();
                        }
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The one exception a call racing Dispose may throw.
                }
                catch (Exception e)
                {
                    lock (unexpected)
                    {
                        unexpected.Add(e);
                    }
                }
                finally
                {
                    if (!signalled)
                    {
                        started.Signal();
                    }
                }
            }) { IsBackground = true };
            threads[w].Start();
        }
        started.Wait();
        interfere();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }
        return unexpected;
    }
}
