namespace Emmap;

/// <summary>Whether writes to a <see cref="MappedFile"/> reach the file and other processes (emmap's <c>shared</c> and <c>private</c> options).</summary>
public enum MapSharing
{
    /// <summary>
    /// Writes go to the file and every process mapping it sees them (the default; unlike emmap,
    /// whose private default silently lost writes).
    /// </summary>
    Shared,

    /// <summary>
    /// Copy-on-write: writes change a private copy of the touched pages only; the file and other
    /// processes never see them. A private mapping never grows. With <see cref="MapAccess.Read"/>
    /// nothing is ever written, so the mapping is read-only and shared, as for <see cref="Shared"/>.
    /// </summary>
    Private,
}
