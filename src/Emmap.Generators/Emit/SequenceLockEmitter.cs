using System.Globalization;
using System.Linq;
using Emmap.Layout;

namespace Emmap.Generators.Emit;

/// <summary>
/// Writes the consistent reads and writes of a layout with a sequence lock: <c>ReadSnapshot()</c>,
/// <c>TryReadSnapshot</c>, <c>WriteSnapshot</c>, <c>TryWriteSnapshot</c> and <c>BeginUpdate()</c> with its <c>Update</c>
/// scope. The protocol is the runtime's <c>SequenceLock</c> (docs/architecture.md, "Snapshots and
/// the sequence lock"); every write goes through the same <c>MappedView</c> paths as the setters
/// and atomics.
/// </summary>
internal static class SequenceLockEmitter
{
    private const string Retry = "global::Emmap.SequenceRetry";

    /// <summary>The layout's sequence lock, or <see langword="null"/> when it has none.</summary>
    public static LayoutMember? LockOf(LayoutModel model) => model.Members.FirstOrDefault(m => m.Kind == MemberKind.SequenceLock);

    public static void Write(EmitContext context, LayoutMember sequenceLock)
    {
        SourceWriter writer = context.Writer;
        string gate = "new global::Emmap.SequenceLock(" + context.View + ", " + sequenceLock.Offset.ToString(CultureInfo.InvariantCulture) + ")";

        writer.Line();
        writer.Summary("Reads every member as one consistent state: retries while a write is in progress or one moved the sequence "
            + "(spinning briefly, then yielding, then sleeping), allocating nothing. Waits as long as a live writer holds the lock; "
            + "a dead writer's update is returned as it left it (see <c>SequenceLock.HasAbandonedUpdate</c>).");
        writer.Line("/// <exception cref=\"global::System.ObjectDisposedException\">The file has been disposed.</exception>");
        writer.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        writer.Open("public readonly Snapshot ReadSnapshot()");
        writer.Line("global::Emmap.SequenceLock gate = " + gate + ";");
        writer.Line("ulong sequence = gate.BeginRead();");
        writer.Line("Snapshot value = " + SnapshotEmitter.UncheckedRead + "();");
        writer.Line("return gate.EndRead(sequence) ? value : __ReadSnapshotRetrying(this);");
        writer.Close();
        writer.Line();
        writer.Line("// ReadSnapshot when its first try met a write: retries with the lock's waiting policy.");
        writer.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]");
        // Static, taking the layout by value: the caller's copy of it need not live in memory.
        writer.Open("private static Snapshot __ReadSnapshotRetrying(" + context.Self + " layout)");
        writer.Line("global::Emmap.SequenceLock gate = " + gate.Replace(context.View, "layout." + context.View) + ";");
        writer.Line(Retry + " retry = default;");
        writer.Open("while (true)");
        writer.Line("ulong sequence = gate.BeginRead(ref retry);");
        writer.Line("Snapshot value = layout." + SnapshotEmitter.UncheckedRead + "();");
        writer.Open("if (gate.EndRead(sequence, ref retry))");
        writer.Line("return value;");
        writer.Close();
        writer.Close();
        writer.Close();

        writer.Line();
        writer.Summary("Reads every member as one consistent state, as <c>ReadSnapshot()</c> does, giving up once <paramref name=\"timeout\"/> has passed.");
        writer.Line("/// <param name=\"snapshot\">The state read, or <see langword=\"default\"/> when none could be read in time.</param>");
        writer.Line("/// <param name=\"timeout\">The longest wait: zero tries without waiting, <c>Timeout.InfiniteTimeSpan</c> waits as <c>ReadSnapshot()</c> does.</param>");
        writer.Line("/// <returns><see langword=\"true\"/> with a consistent state; <see langword=\"false\"/> when writes kept it busy for longer than <paramref name=\"timeout\"/>.</returns>");
        writer.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"timeout\"/> is negative and not infinite.</exception>");
        writer.Line("/// <exception cref=\"global::System.ObjectDisposedException\">The file has been disposed.</exception>");
        writer.Open("public readonly bool TryReadSnapshot(out Snapshot snapshot, global::System.TimeSpan timeout)");
        writer.Line("global::Emmap.SequenceLock gate = " + gate + ";");
        writer.Line(Retry + " retry = new " + Retry + "(timeout);");
        writer.Open("while (gate.TryBeginRead(ref retry, out ulong sequence))");
        writer.Line("snapshot = " + SnapshotEmitter.UncheckedRead + "();");
        writer.Open("if (gate.EndRead(sequence, ref retry))");
        writer.Line("return true;");
        writer.Close();
        writer.Close();
        writer.Line("snapshot = default;");
        writer.Line("return false;");
        writer.Close();

        writer.Line();
        writer.Summary("Writes every member of <paramref name=\"value\"/> as one update: snapshot readers see all of it or none of it. "
            + "Waits while another writer (thread or process) holds the lock, and takes it over from a dead one. "
            + "Counters are set with atomic exchanges, so increments made by others during the write are overwritten.");
        writer.Line("/// <param name=\"value\">The values to write.</param>");
        writer.Line("/// <exception cref=\"global::System.ObjectDisposedException\">The file has been disposed.</exception>");
        writer.Open("public readonly void WriteSnapshot(in Snapshot value)");
        writer.Line("global::Emmap.SequenceLock gate = " + gate + ";");
        writer.Line("ulong token = gate.Enter();");
        WriteEveryMemberAndExit(writer);
        writer.Close();

        writer.Line();
        writer.Summary("Writes every member of <paramref name=\"value\"/> as one update, as <c>WriteSnapshot</c> does, giving up when "
            + "<paramref name=\"timeout\"/> passes while another live writer holds the lock (a dead one is still taken over). When it returns false, nothing was written.");
        writer.Line("/// <param name=\"value\">The values to write.</param>");
        writer.Line("/// <param name=\"timeout\">How long to wait for the lock at most; <see cref=\"global::System.TimeSpan.Zero\"/> for one try.</param>");
        writer.Line("/// <returns>Whether the values were written.</returns>");
        writer.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"timeout\"/> is negative.</exception>");
        writer.Line("/// <exception cref=\"global::System.ObjectDisposedException\">The file has been disposed.</exception>");
        writer.Open("public readonly bool TryWriteSnapshot(in Snapshot value, global::System.TimeSpan timeout)");
        writer.Line("global::Emmap.SequenceLock gate = " + gate + ";");
        writer.Open("if (!gate.TryEnter(timeout, out ulong token))");
        writer.Line("return false;");
        writer.Close();
        WriteEveryMemberAndExit(writer);
        writer.Line("return true;");
        writer.Close();

        writer.Line();
        writer.Summary("Begins an update: until the scope is disposed, changes made through it (or through this layout's members) "
            + "reach snapshot readers as one. Waits while another writer holds the lock, and takes it over from a dead one. "
            + "Dispose it on the thread that began it; do not begin another update or write a snapshot inside it.");
        writer.Line("/// <returns>The update scope; dispose it (<c>using</c>) to publish the change.</returns>");
        writer.Line("/// <exception cref=\"global::System.ObjectDisposedException\">The file has been disposed.</exception>");
        writer.Line("public readonly Update BeginUpdate() => new Update(this, " + gate + ".Enter());");

        writer.Line();
        writer.Summary("Begins an update as <c>BeginUpdate()</c> does, giving up when <paramref name=\"timeout\"/> passes while another "
            + "live writer holds the lock (a dead one is still taken over). When it returns false, <paramref name=\"update\"/> is empty and disposing it does nothing.");
        writer.Line("/// <param name=\"timeout\">How long to wait at most; <see cref=\"global::System.TimeSpan.Zero\"/> for one try.</param>");
        writer.Line("/// <param name=\"update\">The update scope, when the lock was taken; dispose it (<c>using</c>) to publish the change.</param>");
        writer.Line("/// <returns>Whether the update began.</returns>");
        writer.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"timeout\"/> is negative.</exception>");
        writer.Line("/// <exception cref=\"global::System.ObjectDisposedException\">The file has been disposed.</exception>");
        writer.Open("public readonly bool TryBeginUpdate(global::System.TimeSpan timeout, out Update update)");
        writer.Line("bool began = " + gate + ".TryEnter(timeout, out ulong token);");
        writer.Line("update = began ? new Update(this, token) : default;");
        writer.Line("return began;");
        writer.Close();

        WriteUpdate(context, sequenceLock);
    }

    /// <summary>The body <c>WriteSnapshot</c> and <c>TryWriteSnapshot</c> share once the lock is taken: write every member, then publish (whole only if nothing threw).</summary>
    private static void WriteEveryMemberAndExit(SourceWriter writer)
    {
        writer.Line("bool whole = false;");
        writer.Open("try");
        writer.Line("WriteFieldByField(in value);");
        writer.Line("whole = true;");
        writer.Close();
        writer.Open("finally");
        writer.Line("gate.Exit(token, whole);");
        writer.Close();
    }

    private static void WriteUpdate(EmitContext context, LayoutMember sequenceLock)
    {
        SourceWriter writer = context.Writer;
        string layout = context.Self;
        writer.Line();
        writer.Summary("An update of the layout in progress (<c>BeginUpdate()</c>): set fields through it, or change any member through "
            + "<see cref=\"Layout\"/>; disposing it publishes every change to snapshot readers at once.");
        writer.Open("public readonly ref struct Update");
        writer.Line("private readonly " + layout + " _layout;");
        writer.Line("private readonly ulong _token;");
        writer.Line();
        writer.Open("internal Update(" + layout + " layout, ulong token)");
        writer.Line("_layout = layout;");
        writer.Line("_token = token;");
        writer.Close();
        writer.Line();
        writer.Summary("The layout being updated: change its arrays, nested layouts and counters through it, and readers see those changes with the rest.");
        writer.Line("public " + layout + " Layout => _layout;");
        foreach (LayoutMember member in context.Model.Members.Where(m => m.Kind == MemberKind.Scalar && m.HasSetter))
        {
            string offset = member.Offset.ToString(CultureInfo.InvariantCulture);
            bool isBool = member.Primitive == "bool";
            writer.Line();
            writer.Summary("The layout's <c>" + member.Name + "</c>, read and written as its own property is.");
            writer.Open(CounterEmitter.Accessibility(member.Modifiers) + " " + member.TypeName + " " + EmitContext.Escape(member.Name));
            writer.Line("get => " + (isBool ? "_layout." + context.View + ".ReadBoolean(" + offset + ")" : "_layout." + context.View + ".Read<" + member.TypeName + ">(" + offset + ")") + ";");
            writer.Line("set => " + PropertyEmitter.Store("_layout." + context.View, member) + ";");
            writer.Close();
        }
        writer.Line();
        writer.Summary("Ends the update: makes the sequence even again and lets the lock go. A second call, or a call on an update that never began, does nothing.");
        writer.Open("public void Dispose()");
        writer.Open("if (_token != 0)"); // tokens are odd; 0 is the empty update a failed TryBeginUpdate gives
        writer.Line("new global::Emmap.SequenceLock(_layout." + context.View + ", "
            + sequenceLock.Offset.ToString(CultureInfo.InvariantCulture) + ").Exit(_token, false);");
        writer.Close();
        writer.Close();
        writer.Close();
    }
}
