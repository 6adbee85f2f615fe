namespace Emmap.Runtime.Tests;

/// <summary>
/// <see cref="TestLayout"/> with a member renamed: the same size (16 bytes), another hash, for
/// layout-mismatch tests.
/// </summary>
public readonly struct TestLayoutRenamed : IMappedLayout<TestLayoutRenamed>
{
    private readonly MappedView _view;

    private TestLayoutRenamed(MappedView view) => _view = view;

    public static int Size => 16;

    public static int Alignment => 8;

    public static ulong LayoutHash => 0x4321;

    public MappedView View => _view;

    public static TestLayoutRenamed FromView(MappedView view) => new(view);
}
