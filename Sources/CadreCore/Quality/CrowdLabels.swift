/// Categorical labels given by workers to tasks, integer-coded: label `i` says worker
/// `workers[i]` put task `tasks[i]` in class `classes[i]`.
///
/// Three flat `Int32` arrays rather than an array of label objects, so a million labels take
/// 12 MB and the aggregation loops stream through memory. Codes are dense: tasks are
/// `0..<taskCount`, and so on. A server builds this from its own ids; `LabelTable` builds it
/// from a `task,worker,label` CSV file.
public struct CrowdLabels: Sendable, Equatable {
    public var taskCount: Int
    public var workerCount: Int
    public var classCount: Int
    public var tasks: [Int32]
    public var workers: [Int32]
    public var classes: [Int32]

    /// Creates labels from parallel arrays of codes; every code must lie in its range.
    public init(taskCount: Int, workerCount: Int, classCount: Int,
                tasks: [Int32], workers: [Int32], classes: [Int32]) {
        precondition(tasks.count == workers.count && tasks.count == classes.count,
                     "tasks, workers and classes must have one entry per label")
        precondition(!tasks.contains { $0 < 0 || Int($0) >= taskCount }, "task code out of range")
        precondition(!workers.contains { $0 < 0 || Int($0) >= workerCount }, "worker code out of range")
        precondition(!classes.contains { $0 < 0 || Int($0) >= classCount }, "class code out of range")
        self.taskCount = taskCount
        self.workerCount = workerCount
        self.classCount = classCount
        self.tasks = tasks
        self.workers = workers
        self.classes = classes
    }

    /// The number of labels.
    public var count: Int { tasks.count }

    /// Label indices grouped by task (compressed sparse rows): the labels of task `t` are
    /// `order[start[t]..<start[t + 1]]`, in input order. Built by a counting sort, O(n).
    struct TaskGroups {
        var start: [Int]
        var order: [Int32]
    }

    func groupedByTask() -> TaskGroups {
        var start = [Int](repeating: 0, count: taskCount + 1)
        for task in tasks { start[Int(task) + 1] += 1 }
        for t in 0..<taskCount { start[t + 1] += start[t] }
        var next = start
        var order = [Int32](repeating: 0, count: count)
        for (index, task) in tasks.enumerated() {
            order[next[Int(task)]] = Int32(index)
            next[Int(task)] += 1
        }
        return TaskGroups(start: start, order: order)
    }
}

/// Crowd labels read from a CSV file, with the names behind the codes.
public struct LabelTable: Sendable, Equatable {
    public var labels: CrowdLabels
    public var taskNames: Interner
    public var workerNames: Interner
    /// Class names indexed by class code, in byte order, so that "first class wins" tie
    /// breaks do not depend on the order of rows in the file.
    public var classNames: [String]

    public init(labels: CrowdLabels, taskNames: Interner, workerNames: Interner, classNames: [String]) {
        self.labels = labels
        self.taskNames = taskNames
        self.workerNames = workerNames
        self.classNames = classNames
    }

    /// Parses a CSV file whose header names the columns `task`, `worker` and `label` (in any
    /// order, any case, other columns ignored). Ids and labels are any non-empty strings.
    ///
    /// - Throws: `QualityInputError` naming the line of the first problem.
    public static func parse(csv bytes: [UInt8]) throws(QualityInputError) -> LabelTable {
        var tasks: [Int32] = [], workers: [Int32] = [], classes: [Int32] = []
        var taskNames = Interner(), workerNames = Interner(), classNames = Interner()
        var columns: [Int] = []
        var width = 0
        var headerLine = 0
        let names = ["task", "worker", "label"]
        try CrowdCSV.forEachRecord(in: bytes) { (line, fields) throws(QualityInputError) in
            if columns.isEmpty {
                columns = try CrowdCSV.columns(names, in: fields, line: line)
                width = fields.count
                headerLine = line
                tasks.reserveCapacity(bytes.count / 16)
                workers.reserveCapacity(bytes.count / 16)
                classes.reserveCapacity(bytes.count / 16)
                return
            }
            guard fields.count == width else { throw .raggedRow(line: line, expected: width, found: fields.count) }
            for (position, name) in zip(columns, names) where fields[position].isEmpty {
                throw .emptyField(line: line, column: name)
            }
            tasks.append(taskNames.intern(bytes: fields[columns[0]]))
            workers.append(workerNames.intern(bytes: fields[columns[1]]))
            classes.append(classNames.intern(bytes: fields[columns[2]]))
        }
        guard !columns.isEmpty else { throw .emptyInput }
        guard !tasks.isEmpty else { throw .noRows(line: headerLine) }

        let sorted = classNames.codesSortedByName()
        var recode = [Int32](repeating: 0, count: sorted.count)
        for (rank, code) in sorted.enumerated() { recode[Int(code)] = Int32(rank) }
        for i in classes.indices { classes[i] = recode[Int(classes[i])] }

        let labels = CrowdLabels(taskCount: taskNames.count, workerCount: workerNames.count,
                                 classCount: sorted.count, tasks: tasks, workers: workers, classes: classes)
        return LabelTable(labels: labels, taskNames: taskNames, workerNames: workerNames,
                          classNames: sorted.map { classNames.name($0) })
    }

    /// Writes `task,label,confidence` rows, sorted by task name in byte order; tasks without a
    /// label are left out.
    public func csv(for consensus: Consensus) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(labels.taskCount * 24)
        output.append(contentsOf: "task,label,confidence\n".utf8)
        let classBytes = classNames.map { Array($0.utf8) }
        for task in taskNames.codesSortedByName() {
            let label = consensus.labels[Int(task)]
            guard label >= 0 else { continue }
            CrowdCSV.appendField(taskNames.nameBytes(task), to: &output)
            output.append(UInt8(ascii: ","))
            CrowdCSV.appendField(classBytes[Int(label)], to: &output)
            output.append(UInt8(ascii: ","))
            CrowdCSV.appendNumber(consensus.confidence[Int(task)], to: &output)
            output.append(UInt8(ascii: "\n"))
        }
        return output
    }
}
