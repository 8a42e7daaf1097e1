import Foundation
import SecretsCore

/// When scheduled rotations fall: every N days from the last rotation (AutomaticallyAfterDays or
/// `rate(N days)`), every N hours (`rate(N hours)`), or at the times of a `cron()` expression in
/// UTC. The rotation runs at the start of its window.
enum RotationSchedule: Equatable {
    case every(seconds: Double)
    case cron(Cron)

    static func invalid(_ expression: String) -> AWSError {
        .invalidParameter("Invalid ScheduleExpression: \(expression). Use rate(N days), rate(N hours) or cron(minutes hours day-of-month month day-of-week year).")
    }

    init?(afterDays: Int64?, expression: String?) throws {
        if let expression {
            if expression.hasPrefix("rate("), expression.hasSuffix(")") {
                let words = expression.dropFirst(5).dropLast().split(separator: " ")
                guard words.count == 2, let n = Int(words[0]), n > 0 else { throw Self.invalid(expression) }
                switch words[1] {
                case "day" where n == 1, "days" where n > 1 && n <= 1000: self = .every(seconds: Double(n) * 86_400)
                case "hours" where n >= 4 && n <= 23: self = .every(seconds: Double(n) * 3_600)
                default: throw Self.invalid(expression)
                }
            } else if expression.hasPrefix("cron("), expression.hasSuffix(")") {
                guard let cron = Cron(String(expression.dropFirst(5).dropLast())) else { throw Self.invalid(expression) }
                self = .cron(cron)
            } else {
                throw Self.invalid(expression)
            }
        } else if let afterDays {
            self = .every(seconds: Double(afterDays) * 86_400)
        } else {
            return nil
        }
    }

    /// The first rotation time after `date`.
    func next(after date: Date) -> Date? {
        switch self {
        case .every(let seconds): return date.addingTimeInterval(seconds)
        case .cron(let cron): return cron.next(after: date)
        }
    }

    /// The last rotation time due by `now` in the series that starts after `since`, or nil when
    /// none is due. Missed times collapse into one rotation.
    func latestDue(since: Date, now: Date) -> Date? {
        guard let due = next(after: since), due <= now else { return nil }
        switch self {
        case .every(let seconds):
            let missed = ((now.timeIntervalSince(due)) / seconds).rounded(.down)
            return due.addingTimeInterval(missed * seconds)
        case .cron(let cron):
            return cron.last(atOrBefore: now).map { max($0, due) } ?? due
        }
    }
}

/// An EventBridge-style cron expression of six fields: minutes hours day-of-month month
/// day-of-week year. Fields take `*`, `?`, numbers, ranges `a-b`, lists `a,b` and steps `a/n`;
/// months and weekdays also take JAN..DEC and SUN..SAT (SUN = 1).
struct Cron: Equatable {
    let minutes: Set<Int>, hours: Set<Int>, days: Set<Int>?, months: Set<Int>, weekdays: Set<Int>?, years: Set<Int>?

    init?(_ text: String) {
        let f = text.split(separator: " ").map(String.init)
        guard f.count == 6 else { return nil }
        let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        guard let minutes = Self.field(f[0], 0...59), let hours = Self.field(f[1], 0...23),
              let months = Self.field(f[3], 1...12, names: monthNames) else { return nil }
        let days = f[2] == "?" ? nil : Self.field(f[2], 1...31)
        let weekdays = f[4] == "?" ? nil : Self.field(f[4], 1...7, names: dayNames)
        // One of day-of-month and day-of-week is `?`, as EventBridge requires.
        guard (f[2] == "?") != (f[4] == "?"), f[2] == "?" || days != nil, f[4] == "?" || weekdays != nil else { return nil }
        let years = f[5] == "*" ? nil : Self.field(f[5], 1970...2199)
        if f[5] != "*", years == nil { return nil }
        (self.minutes, self.hours, self.days, self.months, self.weekdays, self.years) = (minutes, hours, days, months, weekdays, years)
    }

    private static func field(_ text: String, _ range: ClosedRange<Int>, names: [String] = []) -> Set<Int>? {
        func value(_ s: Substring) -> Int? {
            if let i = names.firstIndex(of: s.uppercased()) { return i + range.lowerBound }
            guard let n = Int(s), range.contains(n) else { return nil }
            return n
        }
        var out = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let stepParts = part.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { return nil }
            var step = 1
            if stepParts.count == 2 {
                guard let s = Int(stepParts[1]), s > 0 else { return nil }
                step = s
            }
            let base = stepParts[0]
            var low = range.lowerBound, high = range.upperBound
            if base != "*" {
                let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2, let a = value(bounds[0]) else { return nil }
                low = a
                high = stepParts.count == 2 && bounds.count == 1 ? range.upperBound : a
                if bounds.count == 2 {
                    guard let b = value(bounds[1]), b >= a else { return nil }
                    high = b
                }
            }
            out.formUnion(stride(from: low, through: high, by: step))
        }
        return out.isEmpty ? nil : out
    }

    /// The last time at or before `date` the expression names, within ten years.
    func last(atOrBefore date: Date) -> Date? {
        let calendar = Self.utc
        let start = calendar.startOfDay(for: date)
        for offset in 0..<3_700 {
            guard let day = calendar.date(byAdding: .day, value: -offset, to: start) else { return nil }
            guard matches(day, calendar) else { continue }
            for h in hours.sorted(by: >) {
                for minute in minutes.sorted(by: >) {
                    let t = day.addingTimeInterval(Double(h * 3_600 + minute * 60))
                    if t <= date { return t }
                }
            }
        }
        return nil
    }

    private static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }

    private func matches(_ day: Date, _ calendar: Calendar) -> Bool {
        let c = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
        guard let y = c.year, let m = c.month, let d = c.day, let w = c.weekday else { return false }
        return (years?.contains(y) ?? true) && months.contains(m) && (days?.contains(d) ?? true) && (weekdays?.contains(w) ?? true)
    }

    /// The first time after `date` (to the minute) the expression names, within ten years.
    func next(after date: Date) -> Date? {
        let calendar = Self.utc
        let start = calendar.startOfDay(for: date)
        for offset in 0..<3_700 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: start) else { return nil }
            guard matches(day, calendar) else { continue }
            for h in hours.sorted() {
                for minute in minutes.sorted() {
                    let t = day.addingTimeInterval(Double(h * 3_600 + minute * 60))
                    if t > date { return t }
                }
            }
        }
        return nil
    }
}
