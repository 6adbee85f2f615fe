namespace Emmap.Runtime.Tests;

/// <summary>A hand-written layout (the generator's job elsewhere): a long at 0 and an int at 8, 16 bytes, 8-aligned.</summary>
public readonly struct TestLayout : IMappedLayout<TestLayout>
{
    private readonly MappedView _view;

    private TestLayout(MappedView view) => _view = view;

    public static int Size => 16;

    public static int Alignment => 8;

    public static ulong LayoutHash => 0x1234;

    public MappedView View => _view;

    public static TestLayout FromView(MappedView view) => new(view);

    public long Counter => _view.Read<long>(0);

    public long IncrementCounter() => _view.GetAndAddInt64(0, 1);

    public int State
    {
        get => _view.Read<int>(8);
        set => _view.Write(8, value);
    }
}
