namespace Emmap.Runtime.Tests;

public class MappedViewTests
{
    [Fact]
    public void DefaultViewRefusesAccess()
    {
        MappedView view = default;
        Assert.False(view.IsBound);
        var ex = Assert.Throws<InvalidOperationException>(() => view.Read<long>(0));
        Assert.Contains("not bound", ex.Message);
    }
}
