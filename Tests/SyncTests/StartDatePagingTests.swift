import AppTrailModel
import KestraSimulator
import Testing

@testable import Sync

/// The paging rule of a crawl: each page starts again at the last start date read, and only a page wholly on
/// one start date moves the offset.
@Suite struct StartDatePagingTests {
    static let t0 = Instant(year: 2026, month: 11, day: 16)

    @Test func aCrawlStartsOnPageOneAtItsWatermark() {
        let paging = StartDatePaging(size: 100, from: Self.t0)
        #expect(paging.page == 1 && paging.lowerBound == Self.t0 && !paging.done)
        let first = StartDatePaging(size: 100, from: nil)
        #expect(first.page == 1 && first.lowerBound == nil && !first.done)
    }

    @Test func aFullPageMovesTheLowerBoundToItsLastStartAndTheOffsetBackToOne() {
        var paging = StartDatePaging(size: 3, from: Self.t0)
        paging.advance(count: 3, lastStart: Self.t0 + 5_000_000)
        #expect(paging.lowerBound == Self.t0 + 5_000_000 && paging.page == 1 && !paging.done)
        // A first sync has no watermark: its first full page sets one.
        var first = StartDatePaging(size: 3, from: nil)
        first.advance(count: 3, lastStart: Self.t0)
        #expect(first.lowerBound == Self.t0 && first.page == 1 && !first.done)
    }

    @Test func aFullPageOnTheLowerBoundAloneMovesTheOffset() {
        var paging = StartDatePaging(size: 3, from: Self.t0)
        paging.advance(count: 3, lastStart: Self.t0)
        #expect(paging.lowerBound == Self.t0 && paging.page == 2 && !paging.done)
        paging.advance(count: 3, lastStart: Self.t0)
        #expect(paging.page == 3)
        // Leaving the crowded date starts the offset again.
        paging.advance(count: 3, lastStart: Self.t0 + 1)
        #expect(paging.lowerBound == Self.t0 + 1 && paging.page == 1)
    }

    @Test func aShortOrEmptyPageEndsTheCrawl() {
        var short = StartDatePaging(size: 3, from: Self.t0)
        short.advance(count: 2, lastStart: Self.t0 + 9)
        #expect(short.done && short.lowerBound == Self.t0 && short.page == 1)
        var empty = StartDatePaging(size: 3, from: Self.t0)
        empty.advance(count: 0, lastStart: nil)
        #expect(empty.done)
        // A full page whose executions carry no start date cannot say where to go on: the crawl stops.
        var undated = StartDatePaging(size: 3, from: Self.t0)
        undated.advance(count: 3, lastStart: nil)
        #expect(undated.done)
    }

    /// Crawls a server's sorted executions as the sync does, the server answering `start >= lowerBound`
    /// by offset; every execution is read, and the offset stays within the largest crowd on one date.
    @Test(arguments: [1, 2, 3, 7, 50])
    func aCrawlReadsEveryExecutionWhateverTheCrowdsOnOneDate(size: Int) throws {
        var generator = SplitMix64(seed: UInt64(size))
        for _ in 0..<40 {
            var starts: [Instant] = []
            var date = Self.t0
            for _ in 0..<Int(generator.next() % 200) {
                // Many executions share a start date, as a bulk resubmission or a coarse clock makes them.
                if generator.next() % 3 == 0 { date = date + Int64(generator.next() % 3 + 1) }
                starts.append(date)
            }
            let server = starts.enumerated().map { (id: $0.offset, start: $0.element) }
            let crowd = Dictionary(grouping: starts, by: { $0 }).values.map(\.count).max() ?? 0

            var paging = StartDatePaging(size: size, from: nil)
            var read = Set<Int>()
            var requests = 0
            while !paging.done {
                requests += 1
                // A page may repeat the last one's date before it moves on, never more.
                try #require(requests <= 2 * server.count + 2, "the crawl does not end")
                let bound = paging.lowerBound
                let matching = server.filter { execution in bound.map { execution.start >= $0 } ?? true }
                let page = Array(matching.dropFirst((paging.page - 1) * size).prefix(size))
                #expect(paging.page <= crowd / size + 1)
                read.formUnion(page.map(\.id))
                paging.advance(count: page.count, lastStart: page.last?.start)
            }
            #expect(read.count == server.count)
        }
    }
}
