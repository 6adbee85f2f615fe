namespace Emmap;

/// <summary>
/// Checks an existing file's header before it is mapped; throws when the file is not what the caller
/// expects, without writing anything.
/// </summary>
/// <param name="path">The file, for messages.</param>
/// <param name="header">Its first bytes (fewer than asked for if the file is shorter).</param>
/// <param name="fileLength">Its length in bytes.</param>
internal delegate void HeaderValidator(string path, ReadOnlySpan<byte> header, long fileLength);
