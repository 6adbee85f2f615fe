namespace Emmap.Runtime.Tests;

/// <summary>
/// <see cref="TestLayout"/> after an edit that grew it: another hash and another size (24 bytes),
/// for layout-mismatch tests.
/// </summary>
public readonly struct TestLayoutV2 : IMappedLayout<TestLayoutV2>
{
    private readonly MappedView _view;

    private TestLayoutV2(MappedView view) => _view = view;

    public static int Size => 24;

    public static int Alignment => 8;

    public static ulong LayoutHash => 0xFEDC_BA98_7654_3210;

    public MappedView View => _view;

    public static TestLayoutV2 FromView(MappedView view) => new(view);
}
