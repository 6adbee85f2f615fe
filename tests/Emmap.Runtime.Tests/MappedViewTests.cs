namespace Emmap.Runtime.Tests;

public class MappedViewTests
{
    [Fact]
    public void DefaultViewRefusesAccess()
    {
        MappedView view = default;
        Assert.False(view.IsBound);
        Assert.False(view.IsOpen);
        Assert.Throws<NullReferenceException>(() => view.Read<long>(0));
        Assert.Throws<NullReferenceException>(() => view.GetAndAddInt64(0, 1));
    }
}
