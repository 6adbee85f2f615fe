using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Emmap;

/// <summary>
/// Who owns something in shared memory, packed into one 64-bit word so that it can be claimed with
/// one compare-and-exchange: the process id in the high 32 bits and the low 32 bits of the
/// process's start time (clock ticks since boot, from <c>/proc/PID/stat</c>) in the low 32 bits.
/// The start time is what survives pid reuse: a new process that gets a dead owner's pid has a
/// different start time. Zero means "nobody". See <c>docs/architecture.md</c>, "Owners that die".
/// </summary>
internal static partial class ProcessIdentity
{
    private const int ESRCH = 3;
    private static ulong s_current;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>This process's packed identity (never zero).</summary>
    /// <remarks>
    /// Inlined into the hot paths that stamp it (a ring's claim, a sequence lock's enter and exit):
    /// one load once it is known; the first call reads <c>/proc</c> out of line.
    /// </remarks>
    internal static ulong Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ulong current = Volatile.Read(ref s_current);
            return current != 0 ? current : First();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong First()
    {
        int pid = Environment.ProcessId;
        ulong current = Pack(pid, StartTicks(pid) ?? 0);
        Volatile.Write(ref s_current, current);
        return current;
    }

    /// <summary>The packed identity of the running process <paramref name="processId"/>, or null when it is gone or this is not Linux.</summary>
    internal static ulong? Of(int processId) => StartTicks(processId) is ulong ticks ? Pack(processId, ticks) : null;

    /// <summary>Packs a process id and its start time; the result is never zero for a real pid.</summary>
    internal static ulong Pack(int processId, ulong startTicks) => ((ulong)(uint)processId << 32) | (uint)startTicks;

    /// <summary>The process id in a packed identity.</summary>
    internal static int ProcessIdOf(ulong owner) => (int)(owner >> 32);

    /// <summary>
    /// Whether the process a packed identity names still runs. <see cref="Liveness.Unknown"/> when
    /// the answer cannot be had (another pid namespace, no permission, no <c>/proc</c>): callers
    /// then fall back to a timeout.
    /// </summary>
    internal static Liveness Probe(ulong owner)
    {
        if (owner == 0)
        {
            return Liveness.Dead;
        }
        int pid = ProcessIdOf(owner);
        if (pid <= 0)
        {
            return Liveness.Dead;
        }
        if (owner == Current)
        {
            return Liveness.Alive;
        }
        if (OperatingSystem.IsLinux())
        {
            ulong? started = StartTicks(pid);
            if (started is null)
            {
                // No /proc entry: gone, unless /proc is not mounted at all.
                return Directory.Exists("/proc/self") ? Liveness.Dead : Liveness.Unknown;
            }
            // The same pid with another start time is a new process that reused the number.
            return (uint)started.Value == (uint)owner ? Liveness.Alive : Liveness.Dead;
        }
        if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            if (Kill(pid, 0) == 0)
            {
                return Liveness.Alive; // pid reuse cannot be told apart here
            }
            return Marshal.GetLastPInvokeError() == ESRCH ? Liveness.Dead : Liveness.Unknown;
        }
        return Liveness.Unknown;
    }

    /// <summary>Field 22 of <c>/proc/PID/stat</c> (start time in clock ticks), or null when the process is gone or a zombie.</summary>
    private static ulong? StartTicks(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces or ')': fields after it
        // start after the last ')'. Field 3 is the first after it, so field 22 is the 20th.
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Field 3 is the state: a zombie (Z, killed or exited but not yet reaped by its parent) or a
        // dying task (X) runs no more code, so it holds nothing any longer.
        if (fields.Length > 0 && fields[0] is "Z" or "X")
        {
            return null;
        }
        return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong ticks)
            ? ticks
            : null;
    }

    /// <summary>What <see cref="Probe"/> found.</summary>
    internal enum Liveness
    {
        /// <summary>The process runs.</summary>
        Alive,

        /// <summary>The process has ended (or its pid now names another process).</summary>
        Dead,

        /// <summary>Cannot be told here; use a timeout.</summary>
        Unknown,
    }
}
