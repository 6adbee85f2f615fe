// Compiled into both Emmap.Runtime.Tests and Emmap.TestProcess (linked, one source file), so the
// test and its helper processes agree on the layout and its hash.
namespace Emmap.Tests.Shared;

/// <summary>The README's quick-start layout, shared by cross-process tests.</summary>
[MappedLayout(Size = 128)]
public partial struct ServiceStats
{
    [AtomicCounter(0)] public partial long Requests { get; }
    [AtomicCounter(64)] public partial long Errors { get; }
    [Field(8)] public partial int State { get; set; }
    [Field(16)] public partial double LastLatencyMs { get; set; }
}
