namespace Emmap.Generators;

/// <summary>
/// The names of the generator's pipeline steps (<c>WithTrackingName</c>), so tests can check which
/// steps an edit re-ran and which it left cached.
/// </summary>
public static class TrackingNames
{
    /// <summary>Each <c>[MappedLayout]</c> struct's computed model, or <see langword="null"/> when nothing can be emitted for it.</summary>
    public const string Layouts = "Emmap.Layouts";

    /// <summary>The models the generator writes source for (the valid layouts and the shells of invalid ones).</summary>
    public const string Emitted = "Emmap.Emitted";
}
