namespace Emmap.Generators;

/// <summary>
/// The names of the generator's pipeline steps (<c>WithTrackingName</c>), so tests can check which
/// steps an edit re-ran and which it left cached.
/// </summary>
public static class TrackingNames
{
    /// <summary>Each <c>[MappedLayout]</c> type's computed model: a valid layout, or an invalid one's errors and shell.</summary>
    public const string Layouts = "Emmap.Layouts";

    /// <summary>The models the generator writes source for.</summary>
    public const string Emitted = "Emmap.Emitted";
}
