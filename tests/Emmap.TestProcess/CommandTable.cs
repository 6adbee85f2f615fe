namespace Emmap.TestProcess;

/// <summary>The commands by name. Add a command: write Commands/YourCommand.cs and one line here.</summary>
internal static class CommandTable
{
    internal static readonly IReadOnlyDictionary<string, Func<string[], int>> Commands = new Dictionary<string, Func<string[], int>>
    {
        ["atomic-add"] = AtomicAdd.Run,
        ["pwrite-sequence"] = PwriteSequence.Run,
        ["counters-increment"] = CountersIncrement.Run,
        ["counters-count-until-killed"] = CountersCountUntilKilled.Run,
        ["counters-tear-writer"] = CountersTearWriter.Run,
        ["layout-open"] = LayoutOpen.Run,
        ["layout-stats-reader"] = LayoutStatsReader.Run,
        ["layout-stats-writer"] = LayoutStatsWriter.Run,
        ["hold-mapped"] = HoldMapped.Run,
        ["wait-change"] = WaitChange.Run,
        ["wait-ping-pong"] = WaitPingPong.Run,
        ["wait-many"] = WaitMany.Run,
        ["notify-cost"] = NotifyCost.Run,
        ["wait-heal-total"] = WaitHealTotal.Run,
        ["create-until-killed"] = CreateUntilKilled.Run,
        ["grow-under-address-limit"] = GrowUnderAddressLimit.Run,
        ["queue-push"] = QueuePush.Run,
        ["counter-array-increment"] = CounterArrayIncrement.Run,
        ["counters-write"] = CountersWrite.Run,
        ["layout-machine-writer"] = LayoutMachineWriter.Run,
        ["snapshot-writer"] = SnapshotWriter.Run,
        ["snapshot-reader"] = SnapshotReader.Run,
        ["ring-produce"] = RingProduce.Run,
        ["ring-produce-until-killed"] = RingProduceUntilKilled.Run,
        ["ring-consume"] = RingConsume.Run,
        ["ring-read"] = RingConsume.RunReader,
        ["ring-fill"] = RingFill.Run,
        ["evolving-increment"] = EvolvingIncrement.Run,
        ["evolving-open-race"] = EvolvingOpenRace.Run,
        ["evolving-upgrade-hang"] = EvolvingUpgradeHang.Run,
        ["write-on-request"] = WriteOnRequest.Run,
    };
}
