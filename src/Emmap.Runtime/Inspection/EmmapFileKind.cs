namespace Emmap;

/// <summary>What <see cref="EmmapFileDescription.Read"/> recognised a file as, from its first bytes.</summary>
public enum EmmapFileKind
{
    /// <summary>Not a file Emmap writes: its magic is none of Emmap's.</summary>
    Unknown = 0,

    /// <summary>A counters file (<see cref="MappedCounters"/>), in either <see cref="CountersFormat"/>.</summary>
    Counters = 1,

    /// <summary>A layout file (<see cref="LayoutFile{T}"/>).</summary>
    Layout = 2,

    /// <summary>A ring file (<see cref="MappedRing"/>, or <see cref="MappedRing{T}"/> of records).</summary>
    Ring = 3,
}
