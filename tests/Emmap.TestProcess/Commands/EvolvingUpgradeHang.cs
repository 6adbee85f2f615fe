using Emmap.Tests.Shared;

namespace Emmap.TestProcess;

/// <summary>
/// <c>evolving-upgrade-hang &lt;path&gt;</c>: opens the file as <see cref="EvolvingStatsV2"/> with
/// <see cref="LayoutFileOptions.AllowUpgrade"/>, and in the middle of the upgrade (the new schema
/// written into its slot, the header lock held, the generation not yet incremented) prints
/// <c>written</c> and waits to be killed.
/// </summary>
internal static class EvolvingUpgradeHang
{
    internal static int Run(string[] args)
    {
        if (args is not [string path])
        {
            Console.Error.WriteLine("usage: evolving-upgrade-hang <path>");
            return 2;
        }
        LayoutUpgradeHooks.BeforePublish = _ =>
        {
            Console.WriteLine("written");
            Thread.Sleep(Timeout.Infinite);
        };
        using var file = LayoutFile<EvolvingStatsV2>.Open(path, new LayoutFileOptions { AllowUpgrade = true });
        Console.WriteLine("upgraded: the hook should have stopped it");
        return 1;
    }
}
