using System.Runtime.CompilerServices;

namespace Emmap.Runtime.Tests.Rings;

/// <summary>
/// The pause before a reader's spin: it grows while messages are there at the first look (the reader
/// keeps up with a fast producer, and looking at once would read in lockstep with it), and drops to 0
/// as soon as the reader has to spin for a message.
/// </summary>
public sealed class RingSpinTests
{
    [Fact]
    public void ThePauseDoublesWhileAMessageIsThereAtTheFirstLookUpToItsCap()
    {
        var state = new RingReadState();
        var pauses = new List<int>();
        for (int i = 0; i < 9; i++)
        {
            var looks = new StrongBox<int>();
            Assert.True(MappedRing.SpinAfterBackoff(new MetAfter(looks, 0), state));
            Assert.Equal(1, looks.Value);
            pauses.Add(state.Backoff);
        }
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 64, 64], pauses);
        Assert.Equal(MappedRing.MaxBackoff, pauses[^1]);
    }

    [Fact]
    public void ThePauseDropsToZeroWhenTheReaderHasToSpinForAMessage()
    {
        var state = new RingReadState { Backoff = MappedRing.MaxBackoff };
        var looks = new StrongBox<int>();
        Assert.True(MappedRing.SpinAfterBackoff(new MetAfter(looks, 3), state));
        Assert.Equal(4, looks.Value);
        Assert.Equal(0, state.Backoff);
    }

    [Fact]
    public void ASpinThatFindsNothingReturnsFalseWithThePauseAtZero()
    {
        var state = new RingReadState { Backoff = 8 };
        var looks = new StrongBox<int>();
        Assert.False(MappedRing.SpinAfterBackoff(new MetAfter(looks, int.MaxValue), state));
        Assert.True(looks.Value > 1, $"The spin looked {looks.Value} times.");
        Assert.Equal(0, state.Backoff);
    }

    /// <summary>Met from the <c>n + 1</c>-th look on.</summary>
    private readonly struct MetAfter(StrongBox<int> looks, int n) : IWaitCondition
    {
        public bool IsMet() => ++looks.Value > n;
    }
}
