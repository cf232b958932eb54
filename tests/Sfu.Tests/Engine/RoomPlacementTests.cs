using Sfu.Engine;

namespace Sfu.Tests.Engine;

/// <summary>Which worker a room lives on: the least loaded when it is created, the same for all its participants.</summary>
public sealed class RoomPlacementTests
{
    /// <summary>Each step is "+room" (a participant joins) or "-room" (one leaves); then the expected worker of each room.</summary>
    [Theory]
    [InlineData(2, "+a +b", "a=0 b=1")]
    [InlineData(2, "+a +a +b +c", "a=0 b=1 c=1")]
    [InlineData(2, "+a +a +a +b +c +d", "a=0 b=1 c=1 d=1")]
    [InlineData(3, "+a +b +c +d", "a=0 b=1 c=2 d=0")]
    [InlineData(2, "+a -a +b", "a=-1 b=0")]
    [InlineData(2, "+a +a -a +b", "a=0 b=1")]
    [InlineData(1, "+a +b +c", "a=0 b=0 c=0")]
    public void Rooms_go_to_the_least_loaded_worker_and_stay_there_until_empty(int workers, string steps, string expected)
    {
        var placement = new RoomPlacement(workers);
        foreach (string step in steps.Split(' '))
        {
            if (step[0] == '+')
            {
                placement.Acquire(step[1..]);
            }
            else
            {
                placement.Release(step[1..]);
            }
        }

        foreach (string pair in expected.Split(' '))
        {
            string[] parts = pair.Split('=');
            Assert.Equal(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), placement.WorkerOf(parts[0]));
        }
    }

    [Fact]
    public void Releasing_an_unknown_room_changes_nothing()
    {
        var placement = new RoomPlacement(2);
        placement.Acquire("a");

        placement.Release("nobody");

        Assert.Equal(0, placement.WorkerOf("a"));
        Assert.Equal(1, placement.Acquire("b"));
    }
}
